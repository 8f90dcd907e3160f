import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `<pid-dir>/<role>.pid`, created and flock-ed for the life of the running process.
///
/// A second instance with the same file refuses to start (`LifecycleError.alreadyRunning`); a
/// file whose lock nobody holds is stale and replaced. `release()` (or deinit) removes the file,
/// but only if the path still names the file this instance locked.
public final class PIDFile: Sendable {
    /// The PID file's path.
    public let path: String
    /// What this instance wrote.
    public let record: PIDFileRecord
    /// The stale record that was replaced at acquisition, if any (worth a log note).
    public let replacedStaleRecord: PIDFileRecord?
    private let descriptor: Mutex<Int32>

    /// `<directory>/<role>.pid`.
    public static func path(directory: String, role: ProcessRole) -> String {
        (directory as NSString).appendingPathComponent(role.pidFileName)
    }

    /// Creates `directory` if needed, locks `<directory>/<role>.pid` and writes this process's record.
    public static func acquire(directory: String, role: ProcessRole) throws(LifecycleError) -> PIDFile {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw LifecycleError.system("cannot create the PID directory \(directory)", errno: errno == 0 ? EACCES : errno)
        }
        let path = path(directory: directory, role: role)
        let pid = getpid()
        guard let startTime = ProcFS.startTime(of: pid) else {
            throw LifecycleError.system("cannot read this process's start time from /proc/\(pid)/stat", errno: errno)
        }
        let record = PIDFileRecord(pid: pid, startTime: startTime, role: role)
        let (fd, previous) = try openLocked(path: path)
        let bytes = Array(record.encoded.utf8)
        guard ftruncate(fd, 0) == 0, pwrite(fd, bytes, bytes.count, 0) == bytes.count else {
            let code = errno
            unlink(path)
            close(fd)
            throw LifecycleError.system("cannot write the PID file \(path)", errno: code)
        }
        _ = fsync(fd)
        return PIDFile(path: path, record: record, replaced: previous, fd: fd)
    }

    private init(path: String, record: PIDFileRecord, replaced: PIDFileRecord?, fd: Int32) {
        self.path = path
        self.record = record
        self.replacedStaleRecord = replaced
        self.descriptor = Mutex(fd)
    }

    /// Opens and exclusively locks `path`, retrying when a releasing holder unlinked the file we opened.
    private static func openLocked(path: String) throws(LifecycleError) -> (Int32, PIDFileRecord?) {
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw LifecycleError.system("cannot open the PID file \(path)", errno: errno) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                let holder = readRecord(fd: fd)
                close(fd)
                if code == EWOULDBLOCK { throw LifecycleError.alreadyRunning(pidFile: path, holderPID: holder?.pid) }
                throw LifecycleError.system("cannot lock the PID file \(path)", errno: code)
            }
            if sameFile(fd: fd, path: path) { return (fd, readRecord(fd: fd)) }
            close(fd)
        }
    }

    /// Whether the file at `path` is the one open as `fd` (same device and inode).
    static func sameFile(fd: Int32, path: String) -> Bool {
        var open = stat()
        var named = stat()
        guard fstat(fd, &open) == 0, stat(path, &named) == 0 else { return false }
        return open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    private static func readRecord(fd: Int32) -> PIDFileRecord? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return PIDFileRecord(parsing: String(decoding: buffer[0..<count], as: UTF8.self))
    }

    /// Reads the record in the PID file at `path`; nil when there is no file or it does not parse.
    public static func readRecord(at path: String) -> PIDFileRecord? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return PIDFileRecord(parsing: String(decoding: data, as: UTF8.self))
    }

    /// Whether some process holds the lock of the PID file at `path` (nil when the file is missing).
    ///
    /// Probes with a shared non-blocking flock that is released at once: it fails while a holder
    /// has its exclusive lock, and never takes a lock away from anyone. A file that cannot be
    /// opened (permissions) counts as held: nothing proves it free.
    public static func isLockHeld(at path: String) -> Bool? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT ? nil : true }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    /// Removes the file if it is still the one this instance locked, then drops the lock.
    public func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            if Self.sameFile(fd: fd, path: path) { unlink(path) }
            close(fd)
            fd = -1
        }
    }

    deinit {
        release()
    }
}
