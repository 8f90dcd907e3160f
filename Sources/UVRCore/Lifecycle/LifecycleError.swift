#if canImport(Glibc)
import Glibc
#endif

/// A failure in the lifecycle layer, with a one-line message naming the file or process concerned.
public enum LifecycleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another live instance holds the PID file's lock.
    case alreadyRunning(pidFile: String, holderPID: Int32?)
    /// A system call failed.
    case system(String, errno: Int32)
    /// A file exists but does not hold what it should.
    case malformed(file: String, reason: String)

    public var description: String {
        switch self {
        case .alreadyRunning(let file, let pid?):
            "another instance is already running (PID \(pid)) and holds the PID file \(file)"
        case .alreadyRunning(let file, nil):
            "another instance is already running and holds the PID file \(file)"
        case .system(let what, let code):
            "\(what): \(String(cString: strerror(code)))"
        case .malformed(let file, let reason):
            "\(file): \(reason)"
        }
    }
}
