import Foundation
import UVRAudio
import UVRCore
import UVRKafka

/// `uvrctl run-processor`: consume tasks, separate, produce results, commit.
enum RunProcessorCommand: CommandBody {
    static let path = ["run-processor"]

    static func run(_ settings: RunProcessorSettings, context: CommandContext) async throws -> ExitCode {
        let logger = try RoleSetup.logger(context, role: "processor", secrets: settings.kafka.properties.filter { Redactor.isSensitiveKey($0.key) }.map(\.value))
        let config = try RoleSetup.kafkaConfig(settings.kafka, logger: logger)
        let separator = try RoleSetup.separator(settings.separator, environment: context.environment)
        // A processor may start before the first file arrives: create the input directory if missing.
        try RoleSetup.ensureDirectory(settings.inputDirectory, flag: "--input-dir")
        let resolver: AudioPathResolver
        do throws(TaskFailure) {
            resolver = try AudioPathResolver(inputDirectory: settings.inputDirectory.path)
        } catch {
            throw CLIError.configuration("--input-dir \(settings.inputDirectory.path): \(error.message)")
        }
        try RoleSetup.ensureDirectory(settings.outputDirectory, flag: "--output-dir")
        try await RoleSetup.requireReachableOffPool(config, topic: settings.taskTopic, timeout: .seconds(10))
        let producer = try RoleSetup.producer(config)
        let format: OutputFormat = settings.separator.format == .flac ? .flac : .wav()
        let job = ProcessorJob(producer: producer, resultTopic: settings.resultTopic, resolver: resolver,
                               outputDirectory: settings.outputDirectory.path, format: format, separator: separator)
        let loopSettings = ConsumerLoopSettings(role: .processor, topic: settings.taskTopic, groupID: settings.processorGroup,
                                                concurrency: settings.runtime.concurrency, drainTimeout: settings.runtime.drainTimeout,
                                                deleteInput: settings.deleteInput)
        logger.info("Processor starting: \(settings.kafka), topic \(settings.taskTopic) → \(settings.resultTopic), group \(settings.processorGroup), concurrency \(settings.runtime.concurrency)")
        return try await RoleSetup.runRole(.processor, runtime: settings.runtime, loopSettings: loopSettings, config: config,
                                           producer: producer, job: job, logger: logger, context: context)
    }
}
