import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process spawned with an empty signal mask and default dispositions.
///
/// Foundation.Process on Linux passes on the spawning Dispatch thread's blocked signals
/// (swift-corelibs-foundation#4772), so its children never see SIGTERM; tests that signal
/// children spawn them through posix_spawn with POSIX_SPAWN_SETSIGMASK instead.
public final class ChildProcess: @unchecked Sendable {
    /// The child's PID.
    public let pid: Int32
    private var status: Int32?

    /// Spawns `path` with `arguments`; standard output and error go to the given files (else inherited).
    public init(_ path: String, _ arguments: [String], environment: [String: String] = ["PATH": "/usr/bin:/bin"],
                standardOutputFile: String? = nil, standardErrorFile: String? = nil) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (descriptor, file) in [(STDOUT_FILENO, standardOutputFile), (STDERR_FILENO, standardErrorFile)] {
            if let file { posix_spawn_file_actions_addopen(&actions, descriptor, file, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw TestSetupError(description: "cannot spawn \(path): errno \(result)") }
        pid = child
    }

    /// Reaps the child, blocking until it exits; returns the raw wait status.
    @discardableResult
    public func wait() -> Int32 {
        if let status { return status }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        status = raw
        return raw
    }

    /// Whether the child has not exited yet (reaps it when it has).
    public var isRunning: Bool {
        guard status == nil else { return false }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return true }
        status = raw
        return false
    }

    /// The exit code, or nil when a signal ended the child (waits for it).
    public var exitCode: Int32? { let raw = wait(); return raw & 0x7f == 0 ? (raw >> 8) & 0xff : nil }

    /// The signal that ended the child, or nil when it exited (waits for it).
    public var terminatingSignal: Int32? { let raw = wait(); return raw & 0x7f == 0 ? nil : raw & 0x7f }

    /// SIGKILLs the child if it still runs, and reaps it.
    public func finish() {
        if status == nil { kill(pid, SIGKILL) }
        wait()
    }
}

/// Starts `/bin/sleep 60`, an unrelated live process whose PID tests can write into PID files.
public func startUnrelatedSleeper() throws -> ChildProcess {
    let child = try ChildProcess("/bin/sleep", ["60"])
    try waitUntil("sleep has exec-ed") {
        (try? String(contentsOfFile: "/proc/\(child.pid)/cmdline", encoding: .utf8))?.hasPrefix("/bin/sleep\0") == true
    }
    return child
}
