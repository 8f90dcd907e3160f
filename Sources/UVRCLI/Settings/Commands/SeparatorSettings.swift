/// Which separator to run and, for `command`, its argv template.
public struct SeparatorSettings: CommandSettings, Equatable {
    /// `--separator`; `command` when only `--separator-command` was given.
    public var kind: SeparatorChoice
    /// `--separator-command`: the argv template with {input} {vocals} {instrumental} {outdir}.
    public var command: String?
    /// `--format` of the written stems.
    public var format: StemFormat

    public init(resolving resolver: SettingsResolver) throws(CLIError) {
        command = try resolver.string("separator-command")
        let explicit = resolver.flag("separator")
        kind = try resolver.choice("separator", as: SeparatorChoice.self) ?? .spectral
        if !explicit && command != nil { kind = .command }
        format = try resolver.choice("format", as: StemFormat.self) ?? .wav
        if kind == .command && command == nil {
            throw .usage("'--separator command' needs '--separator-command <argv>'")
        }
        if kind == .spectral && command != nil {
            throw .usage("'--separator-command' needs '--separator command' (got '--separator spectral')")
        }
    }
}
