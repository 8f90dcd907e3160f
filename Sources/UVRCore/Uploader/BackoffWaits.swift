import Synchronization

/// The uploader's tasks' backoff sleepers, so that shutdown can end every retry wait at once
/// (an HTTP request in progress is left to finish; its task is abandoned instead of waiting).
final class BackoffWaits: Sendable {
    private struct State {
        var shuttingDown = false
        var sleepers: [ObjectIdentifier: InterruptibleSleep] = [:]
    }

    private let state = Mutex(State())

    /// Tracks `sleeper` until `remove`; interrupts it at once when shutdown already began.
    func add(_ sleeper: InterruptibleSleep) {
        let late = state.withLock { state in
            state.sleepers[ObjectIdentifier(sleeper)] = sleeper
            return state.shuttingDown
        }
        if late { sleeper.interrupt() }
    }

    /// Stops tracking `sleeper`.
    func remove(_ sleeper: InterruptibleSleep) {
        _ = state.withLock { $0.sleepers.removeValue(forKey: ObjectIdentifier(sleeper)) }
    }

    /// Interrupts every tracked sleeper, and every one added from now on.
    func interruptAll() {
        let sleepers = state.withLock { state in
            state.shuttingDown = true
            return Array(state.sleepers.values)
        }
        for sleeper in sleepers { sleeper.interrupt() }
    }
}
