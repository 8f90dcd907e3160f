import Foundation
import UVRCore
import UVRKafka

/// `uvrctl broker`: librdkafka's mock cluster on loopback with the pipeline's topics, until SIGTERM/SIGINT.
enum BrokerCommand: CommandBody {
    static let path = ["broker"]

    /// The dead-letter topic the uploader writes to by default, created with the others.
    static let deadLetterTopic = "uvr-results-dlq"

    static func run(_ settings: BrokerSettings, context: CommandContext) async throws -> ExitCode {
        let signals: ProcessSignalSource
        do throws(LifecycleError) {
            signals = try ProcessSignalSource(handling: [.terminate, .interrupt])
        } catch {
            throw CLIError.failure(error.description)
        }
        let broker: DevBroker
        do throws(KafkaError) {
            broker = try DevBroker(brokers: settings.brokers)
            for topic in [settings.taskTopic, settings.resultTopic, deadLetterTopic] {
                try broker.createTopic(topic, partitions: settings.partitions)
            }
        } catch {
            throw CLIError.failure("development broker: \(error)")
        }
        let line = "KAFKA_BOOTSTRAP_SERVERS=\(broker.bootstrapServers)"
        if let file = settings.bootstrapFile {
            do {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data((line + "\n").utf8).write(to: file, options: .atomic)
            } catch {
                throw CLIError.failure("--bootstrap-file \(file.path): \(error.localizedDescription)")
            }
        }
        context.output.line(line)
        context.output.standardError(
            "uvrctl broker: development broker (librdkafka mock cluster, \(settings.brokers) broker(s)) on \(broker.bootstrapServers); " +
            "topics \(settings.taskTopic), \(settings.resultTopic), \(deadLetterTopic) with \(settings.partitions) partition(s). " +
            "Everything is kept in memory and lost on exit: for development and tests only. Stop with Ctrl-C or SIGTERM.\n")
        for await signal in signals.signals where signal.requestsShutdown { break }
        signals.cancel()
        if let file = settings.bootstrapFile { try? FileManager.default.removeItem(at: file) }
        withExtendedLifetime(broker) {}
        return .success
    }
}
