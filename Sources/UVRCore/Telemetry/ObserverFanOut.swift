/// Passes every consumer-loop observation on to several observers (metrics, systemd, …).
public struct ObserverFanOut: ConsumerLoopObserver {
    /// The observers, called in order.
    public let observers: [any ConsumerLoopObserver]

    /// A fan-out to `observers`.
    public init(_ observers: [any ConsumerLoopObserver]) {
        self.observers = observers
    }

    public func taskEnded(_ outcome: TaskOutcome, seconds: Double) { observers.forEach { $0.taskEnded(outcome, seconds: seconds) } }
    public func inFlightChanged(_ count: Int) { observers.forEach { $0.inFlightChanged(count) } }
    public func committed() { observers.forEach { $0.committed() } }
    public func phaseChanged(_ phase: RoleStateSnapshot.Phase) { observers.forEach { $0.phaseChanged(phase) } }
}
