import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How a child process ended.
enum Termination: Equatable, CustomStringConvertible {
    /// It called exit with this status.
    case exited(Int32)
    /// This signal ended it.
    case signalled(Int32)

    /// Decodes a raw waitpid status.
    init(waitStatus raw: Int32) {
        self = raw & 0x7f == 0 ? .exited((raw >> 8) & 0xff) : .signalled(raw & 0x7f)
    }

    var description: String {
        switch self {
        case .exited(let status): "exit \(status)"
        case .signalled(let signal): "signal \(signal)"
        }
    }
}

/// A test's failure to set something up, instead of a hang.
struct HarnessError: Error, CustomStringConvertible {
    let description: String
}

/// A child process started with posix_spawn, with an EMPTY signal mask and default signal
/// dispositions, its stdin on /dev/null and its stdout and stderr captured to files.
///
/// Not Foundation.Process: its children inherit the spawning thread's blocked signals
/// (swift-corelibs-foundation#4772), so a SIGTERM sent to them would never be delivered.
/// A child still running when this object goes away is SIGKILLed and reaped.
final class SpawnedProcess: Sendable {
    let pid: pid_t
    /// What the child is, for messages: its arguments.
    let label: String
    /// The file its standard output goes to.
    let standardOutputPath: String
    /// The file its standard error goes to.
    let standardErrorPath: String
    private let termination = Mutex<Termination?>(nil)

    /// Spawns `executable` with `arguments` and exactly `environment`; output files go in `logDirectory`.
    init(_ executable: String, _ arguments: [String], environment: [String: String], logDirectory: String) throws {
        let stem = "\(URL(fileURLWithPath: executable).lastPathComponent)-\(arguments.first ?? "")-\(UUID().uuidString.prefix(8))"
        standardOutputPath = logDirectory + "/" + stem + ".out"
        standardErrorPath = logDirectory + "/" + stem + ".err"
        label = ([executable] + arguments).joined(separator: " ")

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
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, standardErrorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw HarnessError(description: "cannot spawn \(executable): \(String(cString: strerror(result)))") }
        pid = child
    }

    /// Sends `signal` to the child (a no-op once it has been reaped).
    func send(_ signal: Int32) {
        termination.withLock { ended in
            if ended == nil { _ = Glibc.kill(pid, signal) }
        }
    }

    /// Waits up to `timeout` for the child to end and reaps it; nil when it still runs.
    @discardableResult
    func wait(timeout: Duration) -> Termination? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let ended = reap(blocking: false) { return ended }
            if ContinuousClock.now >= deadline { return nil }
            usleep(10_000)
        }
    }

    /// Waits up to `timeout`; throws (naming the child and its stderr) when it still runs.
    func waitForExit(timeout: Duration) throws -> Termination {
        guard let ended = wait(timeout: timeout) else {
            throw HarnessError(description: "\(label) still runs after \(timeout); stderr:\n\(standardError)")
        }
        return ended
    }

    /// SIGKILLs the child if it still runs, and reaps it.
    func kill() {
        send(SIGKILL)
        _ = reap(blocking: true)
    }

    /// Everything the child wrote to standard output so far.
    var standardOutput: String { (try? String(contentsOfFile: standardOutputPath, encoding: .utf8)) ?? "" }
    /// Everything the child wrote to standard error so far.
    var standardError: String { (try? String(contentsOfFile: standardErrorPath, encoding: .utf8)) ?? "" }

    /// The termination if the child has ended (reaping it), else nil.
    private func reap(blocking: Bool) -> Termination? {
        termination.withLock { ended in
            if let ended { return ended }
            var raw: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &raw, blocking ? 0 : WNOHANG) } while result < 0 && errno == EINTR
            guard result == pid else { return nil }
            ended = Termination(waitStatus: raw)
            return ended
        }
    }

    deinit { kill() }
}
