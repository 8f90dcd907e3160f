import Foundation

/// Where a command writes its lines; injectable so tests capture output without a process.
public struct TextOutput: Sendable {
    /// Writes text to standard output as given (add the newline yourself, or use `line`).
    public let standardOutput: @Sendable (String) -> Void
    /// Writes text to standard error as given.
    public let standardError: @Sendable (String) -> Void

    /// Whether standard output is an interactive terminal (commands may then rewrite a live line).
    public let isTerminal: Bool

    /// An output with explicit writers.
    public init(standardOutput: @escaping @Sendable (String) -> Void, standardError: @escaping @Sendable (String) -> Void,
                isTerminal: Bool = false) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.isTerminal = isTerminal
    }

    /// The process's real standard output and standard error, unbuffered.
    public static let standard = TextOutput(
        standardOutput: { FileHandle.standardOutput.write(Data($0.utf8)) },
        standardError: { FileHandle.standardError.write(Data($0.utf8)) },
        isTerminal: isatty(STDOUT_FILENO) == 1)

    /// Writes `text` and a newline to standard output.
    public func line(_ text: String) { standardOutput(text + "\n") }

    /// Writes `uvrctl: error: <message>` to standard error.
    public func error(_ message: String) { standardError("\(CommandTable.program): error: \(message)\n") }
}
