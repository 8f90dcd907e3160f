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
