/// How important a log line is; a logger writes its level and everything more severe.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case error = 0
    case warn = 1
    case info = 2
    case debug = 3

    /// The lower-case name used by `--log-level` and the JSON format.
    public var description: String {
        switch self {
        case .error: "error"
        case .warn: "warn"
        case .info: "info"
        case .debug: "debug"
        }
    }

    /// Parses `--log-level` values (`error`, `warn`/`warning`, `info`, `debug`), any case.
    public init?(name: String) {
        switch name.lowercased() {
        case "error": self = .error
        case "warn", "warning": self = .warn
        case "info": self = .info
        case "debug": self = .debug
        default: return nil
        }
    }

    /// Orders by severity: `error < warn < info < debug`, so `level <= threshold` means "written".
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How log lines are written: `human` (default) or `json` (one object per line).
public enum LogFormat: String, Sendable, CaseIterable {
    case human
    case json
}
