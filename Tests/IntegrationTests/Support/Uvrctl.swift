import Foundation
import TestSupport

/// Runs the built `uvrctl` binary as a child process for integration tests.
enum Uvrctl {
    /// The result of a command run to completion.
    struct Completed: CustomStringConvertible {
        let termination: Termination
        let standardOutput: String
        let standardError: String
        /// Wall time from spawn to exit.
        let elapsed: Duration

        /// The exit status, or nil when a signal ended it.
        var status: Int32? {
            if case .exited(let status) = termination { return status }
            return nil
        }

        /// Standard output split into lines.
        var lines: [String] { standardOutput.split(separator: "\n").map(String.init) }

        var description: String { "\(termination) after \(elapsed)\nstdout:\n\(standardOutput)\nstderr:\n\(standardError)" }
    }

    /// A clean environment for the child: PATH and HOME, nothing from KAFKA_* or UVRCTL_* of the
    /// test process (so a developer's settings cannot leak in), plus `extra`.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        let parent = ProcessInfo.processInfo.environment
        var environment = ["PATH": parent["PATH"] ?? "/usr/bin:/bin", "HOME": parent["HOME"] ?? "/tmp", "NO_COLOR": "1"]
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// Starts `uvrctl <arguments>` in the background; its output files go in `scratch`.
    static func start(_ arguments: [String], environment extra: [String: String] = [:], scratch: TemporaryDirectory) throws -> ChildProcess {
        try ChildProcess(try UvrctlBinary.path(), arguments, environment: environment(extra), logDirectory: scratch.path)
    }

    /// Runs `uvrctl <arguments>` to completion; throws (after SIGKILL) when it takes longer than `timeout`.
    static func run(_ arguments: [String], environment extra: [String: String] = [:], scratch: TemporaryDirectory,
                    timeout: Duration = .seconds(60)) throws -> Completed {
        let started = ContinuousClock.now
        let process = try start(arguments, environment: extra, scratch: scratch)
        defer { process.finish() }
        let termination = try process.waitForExit(timeout: timeout)
        return Completed(termination: termination, standardOutput: process.standardOutput,
                         standardError: process.standardError, elapsed: ContinuousClock.now - started)
    }
}

/// Runs blocking test work (child processes, librdkafka) on its own thread, off Swift's cooperative pool.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    let result: Result<T, any Error> = await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: Result { try body() }) }.start()
    }
    return try result.get()
}
