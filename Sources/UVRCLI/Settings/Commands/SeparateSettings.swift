import Foundation

/// Settings of `uvrctl separate INPUT`.
public struct SeparateSettings: CommandSettings {
    /// The audio file to separate.
    public var input: URL
    /// `-o/--output-dir`: where `vocals.<ext>` and `instrumental.<ext>` go.
    public var outputDirectory: URL
    public var separator: SeparatorSettings

    public init(resolving resolver: SettingsResolver) throws(CLIError) {
        input = URL(fileURLWithPath: resolver.argument("input")!)
        outputDirectory = try resolver.path("output-dir")!
        separator = try SeparatorSettings(resolving: resolver)
    }
}
