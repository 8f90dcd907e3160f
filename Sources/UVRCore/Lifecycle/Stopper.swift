import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `uvrctl stop`'s logic: prove each PID file names that uvrctl, signal it, wait, escalate to SIGKILL.
public struct Stopper: Sendable {
    /// The directory holding `<role>.pid` and `<role>.state.json`.
    public var pidDirectory: String
    /// The first signal (default SIGTERM).
    public var signal: Int32
    /// How long to wait after the first signal before SIGKILL.
    public var timeout: Duration
    /// How long to wait after SIGKILL before reporting the process still alive.
    public var killTimeout: Duration
    /// How often progress is reported while waiting.
    public var progressInterval: Duration

    public init(pidDirectory: String, signal: Int32 = SIGTERM, timeout: Duration = .seconds(600),
                killTimeout: Duration = .seconds(10), progressInterval: Duration = .seconds(1)) {
        self.pidDirectory = pidDirectory
        self.signal = signal
        self.timeout = timeout
        self.killTimeout = killTimeout
        self.progressInterval = progressInterval
    }

    /// Stops `roles` in parallel, each on its own thread; results come in the order of `roles`.
    /// `finished` hears each role's result as soon as that role is done (from the role's thread).
    public func stop(_ roles: [ProcessRole], progress: @escaping @Sendable (StopProgress) -> Void = { _ in },
                     finished: @escaping @Sendable (StopResult) -> Void = { _ in }) async -> [StopResult] {
        await withTaskGroup(of: (Int, StopResult).self) { group in
            for (index, role) in roles.enumerated() {
                group.addTask {
                    (index, await onDedicatedThread(named: "uvrctl.stop.\(role.rawValue)") {
                        let result = stopBlocking(role, progress: progress)
                        finished(result)
                        return result
                    })
                }
            }
            var results: [(Int, StopResult)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Stops one role on the calling thread (blocks up to `timeout + killTimeout`).
    public func stopBlocking(_ role: ProcessRole, progress: (StopProgress) -> Void = { _ in }) -> StopResult {
        let pidPath = PIDFile.path(directory: pidDirectory, role: role)
        let stateFile = StateFile(directory: pidDirectory, role: role)
        switch ProcessIdentity.check(pidFile: pidPath, role: role) {
        case .noPIDFile:
            return StopResult(role: role, outcome: .notRunning(note: "not running (no PID file \(pidPath))"))
        case .refused(let reason):
            return StopResult(role: role, outcome: .refused(reason: "not signalling the \(role.rawValue): \(reason)"))
        case .stale(_, let reason):
            unlink(pidPath)
            stateFile.remove()
            return StopResult(role: role, outcome: .notRunning(note: "removed stale PID file \(pidPath): \(reason)"))
        case .verified(let record):
            let watch = ProcessExitWatch(pid: record.pid)
            // The pidfd pins the process now; make sure it is still the one verified.
            let sent = ProcFS.startTime(of: record.pid) == record.startTime ? watch.send(signal) : ESRCH
            if sent == EPERM {
                return StopResult(role: role, outcome: .refused(reason: "no permission to signal the \(role.rawValue) (PID \(record.pid))"))
            }
            guard sent == 0 else {
                removeLeftovers(pidPath: pidPath, stateFile: stateFile, pid: record.pid)
                return StopResult(role: role, outcome: .stoppedGracefully(pid: record.pid))
            }
            let outcome = wait(for: watch, role: role, stateFile: stateFile, progress: progress)
            removeLeftovers(pidPath: pidPath, stateFile: stateFile, pid: record.pid)
            return StopResult(role: role, outcome: outcome)
        }
    }

    /// The exit status of `stop`: 0 all graceful or not running, 1 one needed SIGKILL (or was refused), 2 one still alive.
    public static func exitCode(for results: [StopResult]) -> Int32 {
        var code: Int32 = 0
        for result in results {
            switch result.outcome {
            case .stoppedGracefully, .notRunning: break
            case .killed, .refused: code = max(code, 1)
            case .stillAlive: code = 2
            }
        }
        return code
    }

    private func wait(for watch: ProcessExitWatch, role: ProcessRole, stateFile: StateFile,
                      progress: (StopProgress) -> Void) -> StopOutcome {
        let started = ContinuousClock.now
        func report(_ step: StopProgress.Step) {
            let snapshot = try? stateFile.read()
            let waited = Int(started.duration(to: .now).components.seconds)
            progress(StopProgress(role: role, pid: watch.pid, step: step, secondsWaited: waited,
                                  state: snapshot?.state, tasksInFlight: snapshot?.tasksInFlight.count))
        }
        report(.signalled(Self.signalName(signal)))
        if waitReporting(watch, until: started + timeout, step: .waiting, report: report) {
            return .stoppedGracefully(pid: watch.pid)
        }
        guard watch.send(SIGKILL) == 0 else { return watch.hasExited ? .killed(pid: watch.pid) : .stillAlive(pid: watch.pid) }
        report(.killed)
        if waitReporting(watch, until: .now + killTimeout, step: .waitingAfterKill, report: report) {
            return .killed(pid: watch.pid)
        }
        return .stillAlive(pid: watch.pid)
    }

    /// Waits in `progressInterval` slices until exit or `deadline`, reporting after each slice.
    private func waitReporting(_ watch: ProcessExitWatch, until deadline: ContinuousClock.Instant,
                               step: StopProgress.Step, report: (StopProgress.Step) -> Void) -> Bool {
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return watch.hasExited }
            if watch.waitForExit(upTo: min(remaining, progressInterval)) { return true }
            if ContinuousClock.now < deadline { report(step) }
        }
    }

    /// Removes the PID and state files a process left behind, if they are still its own and unlocked.
    private func removeLeftovers(pidPath: String, stateFile: StateFile, pid: Int32) {
        guard PIDFile.isLockHeld(at: pidPath) != true else { return }
        if let record = PIDFile.readRecord(at: pidPath), record.pid == pid { unlink(pidPath) }
        if let snapshot = try? stateFile.read(), snapshot.pid == pid { stateFile.remove() }
    }

    /// `SIGTERM` for 15 and so on; `signal N` for numbers without a name here.
    public static func signalName(_ number: Int32) -> String {
        switch number {
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGHUP: "SIGHUP"
        case SIGKILL: "SIGKILL"
        case SIGQUIT: "SIGQUIT"
        case SIGUSR1: "SIGUSR1"
        case SIGUSR2: "SIGUSR2"
        default: "signal \(number)"
        }
    }
}
