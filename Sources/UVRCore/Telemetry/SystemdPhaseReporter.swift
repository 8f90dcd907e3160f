/// Tells systemd what the role's loop does: `READY=1` once it consumes, `STOPPING=1` once
/// shutdown has begun, and `STATUS=…` on every phase change (shown by `systemctl status`).
public struct SystemdPhaseReporter: ConsumerLoopObserver {
    private let notifier: SystemdNotifier
    private let role: ProcessRole

    /// A reporter for `role` sending through `notifier`.
    public init(role: ProcessRole, notifier: SystemdNotifier) {
        self.role = role
        self.notifier = notifier
    }

    public func phaseChanged(_ phase: RoleStateSnapshot.Phase) {
        let status = "STATUS=\(role.displayName) \(phase.rawValue)"
        switch phase {
        case .running: notifier.notify(["READY=1", status])
        case .draining, .cancelling, .closing: notifier.notify(["STOPPING=1", status])
        case .starting: notifier.notify([status])
        }
    }

    public func taskEnded(_ outcome: TaskOutcome, seconds: Double) {}
    public func inFlightChanged(_ count: Int) {}
    public func committed() {}
}
