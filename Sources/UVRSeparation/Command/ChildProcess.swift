import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An external program started with posix_spawn in a process group of its own (so that it and
/// everything it starts can be signalled together), stdin from /dev/null, stdout discarded, and
/// the tail of its stderr kept.
final class ChildProcess {
    /// How a child ended.
    enum Termination: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    let pid: pid_t
    private let stderrRead: Int32
    private var stderrTail: [UInt8] = []
    private let tailLimit: Int
    private var reaped = false

    /// Starts `arguments[0]` (searched in PATH) with the given argv.
    /// - Throws: `.separationFailed` with the system's reason when the program cannot be started.
    init(arguments: [String], tailLimit: Int = 4_096) throws(SeparationError) {
        self.tailLimit = tailLimit
        var pipeEnds: [Int32] = [-1, -1]
        // pipe2 is not exported by Glibc's module: set close-on-exec right after pipe(). We never
        // rely on EOF (waitpid ends the wait), so a sibling spawn inheriting the ends is harmless.
        guard pipe(&pipeEnds) == 0 else {
            throw SeparationError(.separationFailed, "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new process group led by the child; default signal dispositions and an empty mask.
        var defaults = sigset_t()
        sigfillset(&defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let environment: [UnsafeMutablePointer<CChar>?] =
            ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            environment.forEach { free($0) }
        }
        var childPID: pid_t = 0
        let status = posix_spawnp(&childPID, arguments[0], &actions, &attributes, argv, environment)
        close(pipeEnds[1])
        guard status == 0 else {
            close(pipeEnds[0])
            throw SeparationError(.separationFailed, "cannot run \(arguments[0]): \(String(cString: strerror(status)))")
        }
        pid = childPID
        stderrRead = pipeEnds[0]
        _ = fcntl(stderrRead, F_SETFL, fcntl(stderrRead, F_GETFL) | O_NONBLOCK)
    }

    /// The last `tailLimit` bytes the child wrote to stderr, as trimmed text.
    var stderrText: String {
        String(decoding: stderrTail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits for the child, draining its stderr. When `cancellation` is set: SIGTERM to the
    /// whole process group, then SIGKILL to it after `killAfter` if anything in it is still alive.
    /// - Returns: how the child ended and whether it was cancelled.
    func wait(cancellation: CancellationFlag, killAfter: Duration = .seconds(5)) -> (Termination, cancelled: Bool) {
        var termination: Termination?
        var terminateSentAt: ContinuousClock.Instant?
        var killed = false
        while true {
            if cancellation.isCancelled && terminateSentAt == nil {
                kill(-pid, SIGTERM)
                terminateSentAt = .now
            }
            if let sent = terminateSentAt, !killed, ContinuousClock.now - sent >= killAfter {
                kill(-pid, SIGKILL)
                killed = true
            }
            drainStderr(waitMilliseconds: 20)
            if termination == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    reaped = true
                    termination = Self.decode(status)
                }
            }
            if let termination {
                // After a cancel, the group's other members must be gone too before returning.
                if terminateSentAt == nil || !groupIsAlive() {
                    drainStderr(waitMilliseconds: 0)
                    return (termination, terminateSentAt != nil)
                }
            }
        }
    }

    private func groupIsAlive() -> Bool {
        kill(-pid, 0) == 0
    }

    private func drainStderr(waitMilliseconds: Int32) {
        var descriptor = pollfd(fd: stderrRead, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, waitMilliseconds) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = read(stderrRead, &buffer, buffer.count)
            guard count > 0 else {
                if count == 0 { usleep(UInt32(waitMilliseconds) * 1_000) }   // EOF: the pipe stays readable
                return
            }
            stderrTail.append(contentsOf: buffer[0..<count])
            if stderrTail.count > tailLimit { stderrTail.removeFirst(stderrTail.count - tailLimit) }
        }
    }

    private static func decode(_ status: Int32) -> Termination {
        // The wait-status macros are not imported into Swift: decode the Linux layout directly.
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
    }

    deinit {
        close(stderrRead)
        if !reaped {
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }
}
