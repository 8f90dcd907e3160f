/// What every command body receives besides its own settings.
public struct CommandContext: Sendable {
    /// The parsed command line (for anything the settings do not cover).
    public let invocation: Invocation
    /// Logging settings and friends, common to all commands.
    public let global: GlobalSettings
    /// The process environment as injected into `CLI.run`.
    public let environment: [String: String]
    /// Where to write output and errors.
    public let output: TextOutput
}
