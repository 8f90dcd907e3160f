#if canImport(Glibc)
import Glibc
#endif

/// A signal that the lifecycle reacts to: TERM and INT ask for shutdown, HUP asks to reopen the log file.
public enum ShutdownSignal: Sendable, Hashable, CaseIterable {
    case terminate
    case interrupt
    case hangup

    /// The POSIX signal number.
    public var number: Int32 {
        switch self {
        case .terminate: SIGTERM
        case .interrupt: SIGINT
        case .hangup: SIGHUP
        }
    }

    /// The conventional name, e.g. `SIGTERM`.
    public var name: String {
        switch self {
        case .terminate: "SIGTERM"
        case .interrupt: "SIGINT"
        case .hangup: "SIGHUP"
        }
    }

    /// Whether this signal asks the process to shut down (TERM, INT) rather than reopen logs (HUP).
    public var requestsShutdown: Bool { self != .hangup }

    /// The signal with this number, if the lifecycle handles it.
    public init?(number: Int32) {
        guard let match = Self.allCases.first(where: { $0.number == number }) else { return nil }
        self = match
    }
}
