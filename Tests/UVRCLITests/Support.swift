import Foundation
import Synchronization
@testable import UVRCLI

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Captures what a command writes, for assertions.
final class CapturedOutput: Sendable {
    private let stdout = Mutex("")
    private let stderr = Mutex("")

    var output: TextOutput { output(isTerminal: false) }

    /// An output that claims (or not) that standard output is a terminal.
    func output(isTerminal: Bool) -> TextOutput {
        TextOutput(standardOutput: { text in self.stdout.withLock { $0 += text } },
                   standardError: { text in self.stderr.withLock { $0 += text } }, isTerminal: isTerminal)
    }
    var standardOutput: String { stdout.withLock { $0 } }
    var standardError: String { stderr.withLock { $0 } }
}

/// Runs the CLI in-process with an injected environment; returns status, stdout and stderr.
func runCLI(_ arguments: [String], environment: [String: String] = [:]) async -> (status: Int32, out: String, err: String) {
    let captured = CapturedOutput()
    let status = await CLI.run(arguments, environment: environment, output: captured.output)
    return (status, captured.standardOutput, captured.standardError)
}

/// Parses `arguments` with the uvrctl table, returning the usage error if there is one.
func parseError(_ arguments: [String]) -> CLIError? {
    do {
        _ = try ArgumentParser().parse(arguments)
        return nil
    } catch {
        return error
    }
}

/// Runs an executable with arguments; returns status and combined standard output.
func runProcess(_ executable: String, _ arguments: [String], directory: URL = repositoryRoot) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// The path of an installed tool, or nil.
func installedTool(_ name: String) -> String? {
    ["/usr/bin", "/bin", "/usr/local/bin"].map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Every option declaration of the table (global and per command, duplicates kept: `-o` is separate's own).
var everyOptionSpec: [OptionSpec] {
    CommandTable.globalOptions + CommandTable.allCommandPaths.flatMap(\.spec.options)
}
