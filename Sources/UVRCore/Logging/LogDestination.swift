import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Where log lines go: standard error, or a file opened O_APPEND|O_CREAT that `reopen()` reopens
/// (after logrotate renamed it, on SIGHUP). Each line is one write(2), serialized by a lock.
public final class LogDestination: Sendable {
    /// The file's path, or nil for standard error.
    public let path: String?
    private let descriptor: Mutex<Int32>

    /// Standard error (never closed, reopen does nothing).
    public static let standardError = LogDestination(path: nil, fd: STDERR_FILENO)

    /// Opens (creating if needed) the log file at `path` for appending.
    public static func file(_ path: String) throws(LifecycleError) -> LogDestination {
        LogDestination(path: path, fd: try openForAppending(path))
    }

    private init(path: String?, fd: Int32) {
        self.path = path
        descriptor = Mutex(fd)
    }

    deinit {
        if path != nil { descriptor.withLock { if $0 >= 0 { close($0) } } }
    }

    /// Whether lines go to a terminal (colours are only used then).
    public var isTerminal: Bool {
        descriptor.withLock { isatty($0) == 1 }
    }

    /// Writes one complete line (the bytes must end with a newline).
    public func write(_ line: [UInt8]) {
        descriptor.withLock { fd in _ = writeAll(fd, line) }
    }

    /// Reopens the file by its path, so writing continues in a new file after a rename.
    /// Standard error is left as it is. On failure the old file stays in use.
    public func reopen() throws(LifecycleError) {
        guard let path else { return }
        let fresh = try Self.openForAppending(path)
        descriptor.withLock { fd in
            close(fd)
            fd = fresh
        }
    }

    private static func openForAppending(_ path: String) throws(LifecycleError) -> Int32 {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LifecycleError.system("cannot open the log file \(path)", errno: errno) }
        return fd
    }
}
