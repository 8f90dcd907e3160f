import Foundation

/// Settings every command has: logging and the env file.
public struct GlobalSettings: CommandSettings, Equatable {
    /// `--log-level` / UVRCTL_LOG_LEVEL.
    public var logLevel: LogLevelSetting
    /// `--log-format` / UVRCTL_LOG_FORMAT.
    public var logFormat: LogFormatSetting
    /// `--log-file` / UVRCTL_LOG_FILE; nil means standard error.
    public var logFile: URL?

    public init(resolving resolver: SettingsResolver) throws(CLIError) {
        logLevel = try resolver.choice("log-level", as: LogLevelSetting.self) ?? .info
        logFormat = try resolver.choice("log-format", as: LogFormatSetting.self) ?? .text
        logFile = try resolver.path("log-file")
    }
}
