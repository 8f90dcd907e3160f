/// How stopping one role ended.
public enum StopOutcome: Sendable, Equatable {
    /// The process exited by itself after the first signal.
    case stoppedGracefully(pid: Int32)
    /// The process needed SIGKILL.
    case killed(pid: Int32)
    /// The process was still alive after SIGKILL.
    case stillAlive(pid: Int32)
    /// Nothing ran; `note` says why (no PID file, or which stale file was removed and why).
    case notRunning(note: String)
    /// Something does not add up, so nothing was signalled; `reason` says what.
    case refused(reason: String)
}

/// The outcome of stopping one role.
public struct StopResult: Sendable, Equatable {
    public var role: ProcessRole
    public var outcome: StopOutcome

    public init(role: ProcessRole, outcome: StopOutcome) {
        self.role = role
        self.outcome = outcome
    }
}

/// What `Stopper` is doing, reported while it waits so the CLI can show a live line or plain lines.
public struct StopProgress: Sendable, Equatable {
    /// The step the stop is at.
    public enum Step: Sendable, Equatable {
        /// The first signal (named, e.g. `SIGTERM`) was just sent.
        case signalled(String)
        /// Still waiting after the first signal.
        case waiting
        /// SIGKILL was just sent after the timeout.
        case killed
        /// Still waiting after SIGKILL.
        case waitingAfterKill
    }

    public var role: ProcessRole
    public var pid: Int32
    public var step: Step
    /// Whole seconds since the first signal.
    public var secondsWaited: Int
    /// What the process says it is doing (its state file), when it says.
    public var state: RoleStateSnapshot.Phase?
    /// How many tasks the process says are in flight, when it says.
    public var tasksInFlight: Int?

    public init(role: ProcessRole, pid: Int32, step: Step, secondsWaited: Int, state: RoleStateSnapshot.Phase?, tasksInFlight: Int?) {
        self.role = role
        self.pid = pid
        self.step = step
        self.secondsWaited = secondsWaited
        self.state = state
        self.tasksInFlight = tasksInFlight
    }
}
