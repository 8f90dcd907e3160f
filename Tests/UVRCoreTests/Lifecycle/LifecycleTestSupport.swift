import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import UVRCore

/// Errors the test helpers raise instead of hanging.
struct TestSetupError: Error, CustomStringConvertible {
    let description: String
}

/// A child process spawned with an empty signal mask and default dispositions.
///
/// Foundation.Process on Linux passes on the spawning Dispatch thread's blocked signals
/// (swift-corelibs-foundation#4772), so its children never see SIGTERM; tests that signal
/// children spawn them through posix_spawn with POSIX_SPAWN_SETSIGMASK instead.
final class ChildProcess: @unchecked Sendable {
    let pid: Int32
    private var status: Int32?

    init(_ path: String, _ arguments: [String], environment: [String: String] = ["PATH": "/usr/bin:/bin"]) throws {
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
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, path, nil, &attributes, argv, envp)
        guard result == 0 else { throw TestSetupError(description: "cannot spawn \(path): errno \(result)") }
        pid = child
    }

    /// Reaps the child, blocking until it exits; returns the raw wait status.
    @discardableResult
    func wait() -> Int32 {
        if let status { return status }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        status = raw
        return raw
    }

    /// Whether the child has not exited yet (does not reap).
    var isRunning: Bool { status == nil && ProcFS.isAlive(pid) }

    /// The exit code, or nil when a signal ended the child.
    var exitCode: Int32? { let raw = wait(); return raw & 0x7f == 0 ? (raw >> 8) & 0xff : nil }

    /// The signal that ended the child, or nil when it exited.
    var terminatingSignal: Int32? { let raw = wait(); return raw & 0x7f == 0 ? nil : raw & 0x7f }

    /// SIGKILLs the child if it still runs, and reaps it.
    func finish() {
        if status == nil { kill(pid, SIGKILL) }
        wait()
    }
}

/// A real child whose argv looks like `<dir>/uvrctl <command>`: a bash loop started with `exec -a`,
/// which locks the PID file and writes its own PID and /proc start time into it, as run-processor
/// does. `onTerm` is the bash trap for SIGTERM (`'exit 0'`, `''` to ignore, nil for the default).
final class FakeUvrctl {
    let child: ChildProcess
    var pid: Int32 { child.pid }

    init(directory: String, pidFile: String, command: String = "run-processor", role: ProcessRole = .processor,
         onTerm: String?, programName: String = "uvrctl", recordedStartTimeOffset: Int = 0) throws {
        let trap = onTerm.map { "trap \($0) TERM; " } ?? ""
        // `9>&-` keeps the lock out of the short sleeps, so it dies with the loop itself.
        let inner = """
        exec 9<>"$UVR_PIDFILE"; flock -n 9 || exit 9; read -a f < /proc/$$/stat; \
        printf '%s\\nstarttime=%s role=\(role.rawValue)\\n' $$ $(( ${f[21]} + \(recordedStartTimeOffset) )) > "$UVR_PIDFILE"; \
        \(trap)while :; do sleep 0.1 9>&-; done
        """
        let program = (directory as NSString).appendingPathComponent(programName)
        child = try ChildProcess("/bin/bash", ["-c", "exec -a \"$0\" /bin/bash -c \"$1\" \(command)", program, inner],
                                 environment: ["UVR_PIDFILE": pidFile, "PATH": "/usr/bin:/bin"])
        try waitUntil("the fake uvrctl wrote \(pidFile)") { [pid] in PIDFile.readRecord(at: pidFile)?.pid == pid }
    }

    /// Kills the process if a test left it running.
    func terminate() { child.finish() }
}

/// Waits (sleeping briefly between checks, up to 20 s) until `condition` holds; throws if it never does.
func waitUntil(_ what: String, _ condition: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(20)
    while !condition() {
        guard Date() < deadline else { throw TestSetupError(description: "gave up waiting until \(what)") }
        usleep(20_000)
    }
}

/// Starts `/bin/sleep 60`, an unrelated live process whose PID tests can write into PID files.
func startUnrelatedSleeper() throws -> ChildProcess {
    let child = try ChildProcess("/bin/sleep", ["60"])
    try waitUntil("sleep has exec-ed") { ProcFS.commandLine(of: child.pid)?.first == "/bin/sleep" }
    return child
}
