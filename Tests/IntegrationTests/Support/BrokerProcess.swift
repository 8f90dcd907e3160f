import Foundation
import TestSupport

/// A real `uvrctl broker` child process (the development broker) for one test.
final class BrokerProcess: Sendable {
    let process: ChildProcess
    /// The `host:port` list to connect to.
    let bootstrapServers: String

    /// Starts `uvrctl broker` (`partitions` per topic) with its files in `directory` and waits
    /// (up to 20 s) for the bootstrap file it writes.
    init(in directory: TemporaryDirectory, partitions: Int = 3) throws {
        let bootstrapFile = directory.file("kafka.env")
        process = try Uvrctl.start(["broker", "--partitions", String(partitions), "--bootstrap-file", bootstrapFile], scratch: directory)
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            if let text = try? String(contentsOfFile: bootstrapFile, encoding: .utf8),
               let line = text.split(separator: "\n").first, line.hasPrefix("KAFKA_BOOTSTRAP_SERVERS=") {
                bootstrapServers = String(line.dropFirst("KAFKA_BOOTSTRAP_SERVERS=".count))
                return
            }
            if let ended = process.wait(timeout: .zero) {
                throw TestSetupError(description: "uvrctl broker ended (\(ended)) before it was ready; stderr:\n\(process.standardError)")
            }
            guard ContinuousClock.now < deadline else {
                throw TestSetupError(description: "uvrctl broker wrote no bootstrap file within 20 s; stderr:\n\(process.standardError)")
            }
            usleep(20_000)
        }
    }

    /// The `--bootstrap-servers` arguments for a uvrctl command.
    var connection: [String] { ["--bootstrap-servers", bootstrapServers] }

    /// Stops the broker with SIGTERM and returns how it ended.
    func stop(timeout: Duration = .seconds(10)) throws -> Termination {
        process.send(SIGTERM)
        return try process.waitForExit(timeout: timeout)
    }
}
