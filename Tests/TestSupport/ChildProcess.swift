import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process spawned with an empty signal mask and default dispositions.
///
/// Foundation.Process on Linux passes on the spawning Dispatch thread's blocked signals
/// (swift-corelibs-foundation#4772), so its children never see SIGTERM; tests that signal
/// children spawn them through posix_spawn with POSIX_SPAWN_SETSIGMASK instead.
/// A child still running when this object goes away is SIGKILLed and reaped.
public final class ChildProcess: Sendable {
    /// The child's PID.
    public let pid: Int32
    /// What the child is, for messages: its executable and arguments.
    public let label: String
    /// The file its standard output goes to (nil when inherited).
    public let standardOutputPath: String?
    /// The file its standard error goes to (nil when inherited).
    public let standardErrorPath: String?
    /// The raw wait status once the child has been reaped.
    private let status = Mutex<Int32?>(nil)

    /// Spawns `path` with `arguments`; standard output and error go to the given files (else inherited),
    /// standard input comes from `standardInputFile` (else inherited).
    public init(_ path: String, _ arguments: [String], environment: [String: String] = ["PATH": "/usr/bin:/bin"],
                standardInputFile: String? = nil, standardOutputFile: String? = nil, standardErrorFile: String? = nil) throws {
        label = ([path] + arguments).joined(separator: " ")
        standardOutputPath = standardOutputFile
        standardErrorPath = standardErrorFile
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
        if let standardInputFile { posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, standardInputFile, O_RDONLY, 0) }
        for (descriptor, file) in [(STDOUT_FILENO, standardOutputFile), (STDERR_FILENO, standardErrorFile)] {
            if let file { posix_spawn_file_actions_addopen(&actions, descriptor, file, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw TestSetupError(description: "cannot spawn \(path): \(String(cString: strerror(result)))") }
        pid = child
    }

    /// Spawns `path` with `arguments` and exactly `environment`, standard input on /dev/null and
    /// standard output and error captured to fresh files in `logDirectory`.
    public convenience init(_ path: String, _ arguments: [String], environment: [String: String], logDirectory: String) throws {
        let stem = "\(URL(fileURLWithPath: path).lastPathComponent)-\(arguments.first ?? "")-\(UUID().uuidString.prefix(8))"
        try self.init(path, arguments, environment: environment, standardInputFile: "/dev/null",
                      standardOutputFile: logDirectory + "/" + stem + ".out", standardErrorFile: logDirectory + "/" + stem + ".err")
    }

    deinit { finish() }

    /// Reaps the child, blocking until it exits; returns the raw wait status.
    @discardableResult
    public func wait() -> Int32 {
        // Wait for the exit without reaping (WNOWAIT) outside the lock, so `send` and
        // `isRunning` on other threads never block behind a waiting thread; then reap under it.
        var info = siginfo_t()
        while status.withLock({ $0 }) == nil && waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
        while true {
            if let raw = reap() { return raw }
            usleep(1_000)
        }
    }

    /// Whether the child has not exited yet (reaps it when it has).
    public var isRunning: Bool { reap() == nil }

    /// Waits up to `timeout` for the child to end and reaps it; nil when it still runs.
    @discardableResult
    public func wait(timeout: Duration) -> Termination? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let raw = reap() { return Termination(waitStatus: raw) }
            if ContinuousClock.now >= deadline { return nil }
            usleep(10_000)
        }
    }

    /// Waits up to `timeout`; throws (naming the child and its stderr) when it still runs.
    public func waitForExit(timeout: Duration) throws -> Termination {
        guard let ended = wait(timeout: timeout) else {
            throw TestSetupError(description: "\(label) still runs after \(timeout); stderr:\n\(standardError)")
        }
        return ended
    }

    /// How the child ended (waits for it).
    public var termination: Termination { Termination(waitStatus: wait()) }

    /// The exit code, or nil when a signal ended the child (waits for it).
    public var exitCode: Int32? { let raw = wait(); return raw & 0x7f == 0 ? (raw >> 8) & 0xff : nil }

    /// The signal that ended the child, or nil when it exited (waits for it).
    public var terminatingSignal: Int32? { let raw = wait(); return raw & 0x7f == 0 ? nil : raw & 0x7f }

    /// Sends `signal` to the child (a no-op once it has been reaped, so a reused PID is never hit).
    public func send(_ signal: Int32) {
        status.withLock { raw in
            if raw == nil { _ = kill(pid, signal) }
        }
    }

    /// SIGKILLs the child if it still runs, and reaps it.
    public func finish() {
        send(SIGKILL)
        wait()
    }

    /// Everything the child wrote to its standard output file so far ("" when not captured).
    public var standardOutput: String { standardOutputPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? "" }
    /// Everything the child wrote to its standard error file so far ("" when not captured).
    public var standardError: String { standardErrorPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? "" }

    /// The raw wait status if the child has ended (reaping it without blocking), else nil.
    private func reap() -> Int32? {
        status.withLock { ended in
            if let ended { return ended }
            var raw: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &raw, WNOHANG) } while result < 0 && errno == EINTR
            // ECHILD: someone else reaped it; it has ended all the same.
            guard result == pid || (result < 0 && errno == ECHILD) else { return nil }
            ended = raw
            return raw
        }
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
