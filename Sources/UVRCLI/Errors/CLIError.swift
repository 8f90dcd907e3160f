/// An error a command reports to the user as one line, `uvrctl: error: <message>`, exiting with `exitCode`.
///
/// Command bodies throw it (or any error conforming to `ExitCodeProviding`); any other error
/// is reported with its description and exit status 1.
public struct CLIError: Error, Sendable, Equatable, CustomStringConvertible, ExitCodeProviding {
    /// What is wrong, naming the flag, file or field; no `uvrctl: error:` prefix, no newline.
    public let message: String
    /// The exit status the process ends with.
    public let exitCode: ExitCode

    /// An error with an explicit exit status.
    public init(_ message: String, exitCode: ExitCode) {
        self.message = message
        self.exitCode = exitCode
    }

    /// A usage mistake on the command line (64).
    public static func usage(_ message: String) -> CLIError { CLIError(message, exitCode: .usage) }
    /// A bad setting in the environment, an env file or a -X property (78).
    public static func configuration(_ message: String) -> CLIError { CLIError(message, exitCode: .configuration) }
    /// No broker reachable (69).
    public static func unavailable(_ message: String) -> CLIError { CLIError(message, exitCode: .unavailable) }
    /// A fatal failure (1).
    public static func failure(_ message: String) -> CLIError { CLIError(message, exitCode: .failure) }

    public var description: String { message }

    /// The line printed on standard error.
    public var line: String { "\(CommandTable.program): error: \(message)" }
}

/// An error that knows the exit status it ends the process with. Lower modules' errors get
/// this conformance in UVRCLI (by extension) so command bodies can simply rethrow them.
public protocol ExitCodeProviding: Error {
    /// The exit status for this error.
    var exitCode: ExitCode { get }
}
