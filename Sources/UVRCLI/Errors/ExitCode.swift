/// A process exit status with the meanings the contract gives them.
public struct ExitCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The numeric status handed to `exit`.
    public let rawValue: Int32

    /// Wraps a numeric status.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// 0: success; `stop`: every process stopped by itself.
    public static let success = ExitCode(rawValue: 0)
    /// 1: failure, a fatal error; `stop`: a process needed SIGKILL.
    public static let failure = ExitCode(rawValue: 1)
    /// 2: a health check failed (`offsets --max-lag`); `stop`: a process outlived SIGKILL.
    public static let healthCheckFailed = ExitCode(rawValue: 2)
    /// 3: `status`: a named role is not running (LSB convention).
    public static let notRunning = ExitCode(rawValue: 3)
    /// 64: the command line was wrong (EX_USAGE).
    public static let usage = ExitCode(rawValue: 64)
    /// 69: no broker reachable at start (EX_UNAVAILABLE).
    public static let unavailable = ExitCode(rawValue: 69)
    /// 75: shutdown abandoned tasks; they will be redelivered (EX_TEMPFAIL).
    public static let abandonedTasks = ExitCode(rawValue: 75)
    /// 78: a configuration error: environment, env file, -X property (EX_CONFIG).
    public static let configuration = ExitCode(rawValue: 78)

    /// `stop`: a process needed SIGKILL (same status as `failure`).
    public static let stopNeededKill = failure
    /// `stop`: a process was still alive after SIGKILL (same status as `healthCheckFailed`).
    public static let stopStillAlive = healthCheckFailed

    public var description: String { String(rawValue) }
}
