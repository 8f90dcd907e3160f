import UVRCore

/// The file format of written stems (`--format`).
public enum StemFormat: String, Sendable, CaseIterable {
    case wav, flac
}

/// Which separator runs (`--separator`).
public enum SeparatorChoice: String, Sendable, CaseIterable {
    case spectral, command
}

extension ProcessRole {
    /// The roles a `[processor|uploader|all]` argument of `stop` and `status` names.
    static func roles(from argument: String?) -> [ProcessRole] {
        argument.flatMap(ProcessRole.init(rawValue:)).map { [$0] } ?? allCases
    }
}

/// The least severe log level written (`--log-level`).
public enum LogLevelSetting: String, Sendable, CaseIterable {
    case error, warn, info, debug
}

/// The log line format (`--log-format`).
public enum LogFormatSetting: String, Sendable, CaseIterable {
    case text, json
}
