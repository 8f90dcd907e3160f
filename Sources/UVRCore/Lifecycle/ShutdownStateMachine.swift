/// The exit status a run command ends with (contract: 0 clean, 75 tasks abandoned, 1 fatal).
public enum ShutdownExitStatus: Int32, Sendable, Hashable {
    case clean = 0
    case fatal = 1
    case tasksAbandoned = 75
}

/// `running → draining(deadline) → cancelling → closing → exited`, as a pure value type.
///
/// The owner feeds events (with the current instant of its own clock) and performs the returned
/// actions in order. No clock, signal or Kafka call happens inside, so tests drive it directly.
/// After `.stopConsuming` or `.cancelInFlight` the owner must report `.allInFlightFinished` once
/// nothing is in flight (immediately when it was idle), and `.closeFinished` once commit and close
/// are done.
public struct ShutdownStateMachine<Instant: InstantProtocol>: Sendable {
    /// Where the shutdown stands.
    public enum State: Sendable, Equatable {
        /// Consuming and working normally.
        case running
        /// No new tasks; in-flight tasks may finish until `deadline`.
        case draining(deadline: Instant)
        /// In-flight tasks are being cancelled; they will be abandoned.
        case cancelling
        /// Committing what finished and closing the Kafka clients.
        case closing
        /// Done; the process exits with `status`.
        case exited(status: ShutdownExitStatus)
    }

    /// Something that happened, reported by the owner.
    public enum Event: Sendable, Equatable {
        /// A signal arrived (TERM/INT drive shutdown, HUP only reopens logs).
        case signal(ShutdownSignal, now: Instant)
        /// The owner's timer fired, or it checks the clock: `now` is compared with the drain deadline.
        case clockTick(now: Instant)
        /// Nothing is in flight any more; `abandonedTasks` of them were cancelled without a result.
        case allInFlightFinished(abandonedTasks: Int)
        /// A fatal error: shut down at once and exit 1.
        case fatalError(reason: String)
        /// Commit, consumer close and producer flush have finished (or hit their time limits).
        case closeFinished
    }

    /// Work the owner must do, in the order returned.
    public enum Action: Sendable, Equatable {
        /// Log the verbatim line for a first shutdown signal (`Received SIGTERM, initiating graceful shutdown...`).
        case logSignalReceived(ShutdownSignal)
        /// Start no new task (keep polling the group with partitions paused).
        case stopConsuming
        /// Arm a timer that reports `.clockTick` at `deadline`.
        case scheduleDrainDeadline(Instant)
        /// Cancel every in-flight task promptly; they get no result and no commit.
        case cancelInFlight
        /// Commit what finished, close the consumer, flush and close the producer, remove the PID file.
        case commitAndClose
        /// Reopen the log file (SIGHUP).
        case reopenLogs
        /// Exit the process with this status.
        case exit(ShutdownExitStatus)
    }

    /// The current state.
    public private(set) var state: State = .running
    /// How long in-flight tasks may run after the first signal.
    public let drainTimeout: Instant.Duration
    /// Tasks abandoned so far (reported by the owner).
    public private(set) var abandonedTasks = 0
    /// Whether a fatal error was reported.
    public private(set) var fatalReason: String?

    /// A machine in `running`; the first shutdown signal sets the drain deadline to `now + drainTimeout`.
    public init(drainTimeout: Instant.Duration) {
        self.drainTimeout = drainTimeout
    }

    /// Whether new tasks may start.
    public var acceptsNewTasks: Bool { state == .running }

    /// The exit status the process would get if closing finished now.
    public var exitStatus: ShutdownExitStatus {
        if fatalReason != nil { return .fatal }
        return abandonedTasks > 0 ? .tasksAbandoned : .clean
    }

    /// Applies `event` and returns the actions to perform, in order.
    public mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case .signal(let signal, let now):
            return handleSignal(signal, now: now)
        case .clockTick(let now):
            guard case .draining(let deadline) = state, now >= deadline else { return [] }
            state = .cancelling
            return [.cancelInFlight]
        case .allInFlightFinished(let abandoned):
            abandonedTasks += max(0, abandoned)
            switch state {
            case .draining, .cancelling:
                state = .closing
                return [.commitAndClose]
            case .running, .closing, .exited:
                return []
            }
        case .fatalError(let reason):
            if fatalReason == nil { fatalReason = reason }
            switch state {
            case .running:
                state = .cancelling
                return [.stopConsuming, .cancelInFlight]
            case .draining:
                state = .cancelling
                return [.cancelInFlight]
            case .cancelling, .closing, .exited:
                return []
            }
        case .closeFinished:
            guard state == .closing else { return [] }
            let status = exitStatus
            state = .exited(status: status)
            return [.exit(status)]
        }
    }

    private mutating func handleSignal(_ signal: ShutdownSignal, now: Instant) -> [Action] {
        guard signal.requestsShutdown else {
            if case .exited = state { return [] }
            return [.reopenLogs]
        }
        switch state {
        case .running:
            let deadline = now.advanced(by: drainTimeout)
            state = .draining(deadline: deadline)
            return [.logSignalReceived(signal), .stopConsuming, .scheduleDrainDeadline(deadline)]
        case .draining:
            state = .cancelling
            return [.cancelInFlight]
        case .cancelling, .closing, .exited:
            return []
        }
    }
}
