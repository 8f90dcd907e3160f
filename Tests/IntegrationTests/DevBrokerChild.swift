import Foundation
import TestSupport

/// A real `uvrctl broker` child process and the bootstrap address it printed.
final class DevBrokerChild {
    let process: ChildProcess
    let bootstrap: String

    /// Starts the broker (`partitions` per topic) with its output in `directory` and waits for its address line.
    init(in directory: TemporaryDirectory, partitions: Int = 3) throws {
        process = try ChildProcess(try UvrctlBinary.path(), ["broker", "--partitions", String(partitions)],
                                   standardOutputFile: directory.file("broker.out"),
                                   standardErrorFile: directory.file("broker.err"))
        let prefix = "KAFKA_BOOTSTRAP_SERVERS="
        try waitUntil("the broker printed its address") {
            let out = directory.contents("broker.out")
            return out.hasPrefix(prefix) && out.contains("\n")
        }
        bootstrap = String(directory.contents("broker.out").split(separator: "\n")[0].dropFirst(prefix.count))
    }

    deinit { process.finish() }
}
