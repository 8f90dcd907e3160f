#if canImport(Glibc)
import Glibc
#endif

/// uvrctl's logger: levels, human or JSON lines, colours only on a terminal without NO_COLOR,
/// secrets redacted, one write(2) per line. Safe to share between threads and tasks.
public final class Logger: Sendable {
    /// The most verbose level written.
    public let level: LogLevel
    /// The role named in JSON lines (`processor`, `uploader`), if any.
    public let role: String?
    /// Where lines go.
    public let destination: LogDestination
    private let formatter: LogLineFormatter
    private let redactor: Redactor
    private let baseFields: [LogField]

    /// A logger. `colours` nil means automatic: on when `destination` is a terminal and
    /// `environment["NO_COLOR"]` is missing or empty.
    public init(level: LogLevel = .info, format: LogFormat = .human, role: String? = nil,
                destination: LogDestination = .standardError, colours: Bool? = nil,
                environment: [String: String] = [:], redactor: Redactor = Redactor()) {
        self.level = level
        self.role = role
        self.destination = destination
        self.redactor = redactor
        baseFields = []
        let useColours = colours ?? (destination.isTerminal && (environment["NO_COLOR"] ?? "").isEmpty)
        formatter = LogLineFormatter(format: format, colours: format == .human && useColours, role: role)
    }

    private init(parent: Logger, extraFields: [LogField]) {
        level = parent.level
        role = parent.role
        destination = parent.destination
        formatter = parent.formatter
        redactor = parent.redactor
        baseFields = parent.baseFields + extraFields
    }

    /// A logger that adds `fields` (e.g. task_uuid, partition, offset) to every line.
    public func with(_ fields: [LogField]) -> Logger {
        Logger(parent: self, extraFields: fields)
    }

    /// Whether lines at `level` are written.
    public func isEnabled(_ level: LogLevel) -> Bool { level <= self.level }

    /// Writes `message` with `fields` at `level`, if enabled.
    public func log(_ level: LogLevel, _ message: String, _ fields: [LogField] = []) {
        guard isEnabled(level) else { return }
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        let allFields = (baseFields + fields).map { field in
            guard case .string(let text) = field.value else { return field }
            let value = Redactor.isSensitiveKey(field.key) ? Redactor.placeholder : redactor.redact(text)
            return LogField(field.key, .string(value))
        }
        let line = formatter.line(level: level, message: redactor.redact(message), fields: allFields, time: time)
        destination.write(Array(line.utf8))
    }

    /// Logs at error level.
    public func error(_ message: String, _ fields: [LogField] = []) { log(.error, message, fields) }
    /// Logs at warn level.
    public func warn(_ message: String, _ fields: [LogField] = []) { log(.warn, message, fields) }
    /// Logs at info level.
    public func info(_ message: String, _ fields: [LogField] = []) { log(.info, message, fields) }
    /// Logs at debug level.
    public func debug(_ message: String, _ fields: [LogField] = []) { log(.debug, message, fields) }

    /// Reopens the log file (on SIGHUP); does nothing for standard error.
    public func reopen() throws(LifecycleError) {
        try destination.reopen()
    }
}
