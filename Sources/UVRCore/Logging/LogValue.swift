/// A log field's value: text, an integer or a flag (JSON keeps numbers and booleans typed).
public enum LogValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    CustomStringConvertible {
    case string(String)
    case int(Int64)
    case bool(Bool)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    /// An integer value of any width (partition, offset, duration).
    public static func integer(_ value: some BinaryInteger) -> LogValue { .int(Int64(clamping: value)) }

    public var description: String {
        switch self {
        case .string(let text): text
        case .int(let number): String(number)
        case .bool(let flag): String(flag)
        }
    }
}

/// One `key=value` field of a log line, e.g. `task_uuid`, `partition`, `offset`.
public struct LogField: Sendable, Equatable {
    public var key: String
    public var value: LogValue

    public init(_ key: String, _ value: LogValue) {
        self.key = key
        self.value = value
    }
}

extension LogField {
    /// `task_uuid=<uuid>`.
    public static func taskUUID(_ uuid: String) -> LogField { LogField("task_uuid", .string(uuid)) }
    /// `partition=<n>`.
    public static func partition(_ partition: some BinaryInteger) -> LogField { LogField("partition", .integer(partition)) }
    /// `offset=<n>`.
    public static func offset(_ offset: some BinaryInteger) -> LogField { LogField("offset", .integer(offset)) }
}
