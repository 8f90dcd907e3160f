/// A command's resolved, typed settings, built before its body runs.
public protocol CommandSettings: Sendable {
    /// Resolves every setting the command uses; bad values throw with the right exit status.
    init(resolving resolver: SettingsResolver) throws(CLIError)
}
