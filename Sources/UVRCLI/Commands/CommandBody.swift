/// A command's implementation: one type per command in its own file under Commands/.
///
/// The registry resolves `Settings` (flag > environment > env file > default) before `run`
/// is called. Return an `ExitCode`; throw `CLIError` (or an `ExitCodeProviding` error) to end
/// with `uvrctl: error: <message>` and that error's status.
public protocol CommandBody: SendableMetatype {
    /// The command's resolved settings type.
    associatedtype Settings: CommandSettings
    /// The command words in `CommandTable`, e.g. `["offsets", "reset"]`.
    static var path: [String] { get }
    /// Runs the command.
    static func run(_ settings: Settings, context: CommandContext) async throws -> ExitCode
}

/// The body of a command that this build does not implement yet: says so and fails.
enum NotImplemented {
    /// Prints `uvrctl: error: <command> is not implemented in this build` and returns 1.
    static func report(_ path: [String], _ context: CommandContext) -> ExitCode {
        context.output.error("\(path.joined(separator: " ")) is not implemented in this build")
        return .failure
    }
}
