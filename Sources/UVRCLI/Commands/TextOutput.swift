import Foundation

/// Where a command writes its lines; injectable so tests capture output without a process.
public struct TextOutput: Sendable {
    /// Writes text to standard output as given (add the newline yourself, or use `line`).
    public let standardOutput: @Sendable (String) -> Void
    /// Writes text to standard error as given.
    public let standardError: @Sendable (String) -> Void

    /// An output with explicit writers.
    public init(standardOutput: @escaping @Sendable (String) -> Void, standardError: @escaping @Sendable (String) -> Void) {
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// The process's real standard output and standard error, unbuffered.
    public static let standard = TextOutput(
        standardOutput: { FileHandle.standardOutput.write(Data($0.utf8)) },
        standardError: { FileHandle.standardError.write(Data($0.utf8)) })

    /// Writes `text` and a newline to standard output.
    public func line(_ text: String) { standardOutput(text + "\n") }

    /// Writes `uvrctl: error: <message>` to standard error.
    public func error(_ message: String) { standardError("\(CommandTable.program): error: \(message)\n") }
}
