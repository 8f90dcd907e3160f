import Foundation
internal import CSysShim
#if canImport(Glibc)
import Glibc
#endif

/// Signals one process and waits for it to exit without busy polling: through a pidfd
/// (pidfd_send_signal, poll) where the kernel has one, else kill(2) and a short sleep loop.
final class ProcessExitWatch {
    let pid: Int32
    private let pidfd: Int32

    /// Opens a pidfd for `pid` when possible; from then on the watch cannot hit a reused PID.
    init(pid: Int32) {
        self.pid = pid
        pidfd = uvr_pidfd_open(pid, 0)
    }

    deinit {
        if pidfd >= 0 { close(pidfd) }
    }

    /// Sends `signal`; 0 on success, else the errno (ESRCH: the process is already gone).
    func send(_ signal: Int32) -> Int32 {
        let result = pidfd >= 0 ? uvr_pidfd_send_signal(pidfd, signal) : kill(pid, signal)
        return result == 0 ? 0 : errno
    }

    /// Whether the process has exited (a zombie has exited).
    var hasExited: Bool {
        if pidfd >= 0 { return waitForExit(upTo: .zero) }
        return !ProcFS.isAlive(pid)
    }

    /// Blocks until the process exits or `limit` passes; true when it exited.
    func waitForExit(upTo limit: Duration) -> Bool {
        if pidfd >= 0 {
            let deadline = ContinuousClock.now + limit
            while true {
                let remaining = ContinuousClock.now.duration(to: deadline)
                let milliseconds = max(0, Int32(clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
                var descriptor = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, milliseconds)
                if ready > 0 { return true }
                if ready == 0 { return false }
                if errno != EINTR { return !ProcFS.isAlive(pid) }
            }
        }
        let deadline = ContinuousClock.now + limit
        while ProcFS.isAlive(pid) {
            if ContinuousClock.now >= deadline { return false }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return true
    }
}
