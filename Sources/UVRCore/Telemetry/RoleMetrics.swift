import Foundation
import Synchronization
import UVRKafka

/// A role's metrics, fed by its consumer loop (as its observer) and by librdkafka's statistics,
/// rendered in the Prometheus text format. Every update is a short locked change.
public final class RoleMetrics: ConsumerLoopObserver {
    private struct TaskKey: Hashable {
        let succeeded: Bool
        let errorCode: String
    }

    private struct State {
        var tasks: [TaskKey: UInt64] = [:]
        var abandoned: UInt64 = 0
        var durations = DurationHistogram()
        var inFlight = 0
        var lastCommit: Double?
        var phase: RoleStateSnapshot.Phase = .starting
        var statistics: String?
    }

    /// The role named in every sample's `role` label.
    public let role: ProcessRole
    private let state = Mutex(State())

    /// Empty metrics of `role`.
    public init(role: ProcessRole) {
        self.role = role
    }

    public func taskEnded(_ outcome: TaskOutcome, seconds: Double) {
        state.withLock { state in
            switch outcome {
            case .completed(let summary):
                let key = TaskKey(succeeded: summary.succeeded, errorCode: summary.succeeded ? "" : summary.errorCode ?? "unknown")
                state.tasks[key, default: 0] += 1
                state.durations.observe(seconds)
            case .abandoned, .deliveryFailed:
                state.abandoned += 1
            }
        }
    }

    public func inFlightChanged(_ count: Int) {
        state.withLock { $0.inFlight = count }
    }

    public func committed() {
        let now = Date().timeIntervalSince1970
        state.withLock { $0.lastCommit = now }
    }

    public func phaseChanged(_ phase: RoleStateSnapshot.Phase) {
        state.withLock { $0.phase = phase }
    }

    /// Keeps librdkafka's latest statistics JSON (parsed only when rendering, off the poll thread).
    public func recordStatistics(_ json: String) {
        state.withLock { $0.statistics = json }
    }

    /// The metrics as a Prometheus text-format document.
    public func render() -> String {
        let snapshot = state.withLock { $0 }
        let role = [("role", self.role.rawValue)]
        var text = PrometheusText()
        text.family("uvrctl_tasks_total", type: "counter", help: "Tasks completed (result acknowledged), by outcome and error_code.")
        for key in snapshot.tasks.keys.sorted(by: { ($0.succeeded ? 0 : 1, $0.errorCode) < ($1.succeeded ? 0 : 1, $1.errorCode) }) {
            text.sample("uvrctl_tasks_total", role + [("outcome", key.succeeded ? "success" : "failure"), ("error_code", key.errorCode)],
                        Double(snapshot.tasks[key] ?? 0))
        }
        text.family("uvrctl_tasks_abandoned_total", type: "counter",
                    help: "Tasks ended without a result or commit (shutdown, revocation, undeliverable); they are redelivered.")
        text.sample("uvrctl_tasks_abandoned_total", role, Double(snapshot.abandoned))
        text.family("uvrctl_task_duration_seconds", type: "histogram", help: "Time from a task's start to its acknowledged result.")
        for row in snapshot.durations.cumulative {
            text.sample("uvrctl_task_duration_seconds_bucket", role + [("le", row.bound)], Double(row.count))
        }
        text.sample("uvrctl_task_duration_seconds_sum", role, snapshot.durations.sum)
        text.sample("uvrctl_task_duration_seconds_count", role, Double(snapshot.durations.count))
        text.family("uvrctl_tasks_in_flight", type: "gauge", help: "Tasks being worked on now.")
        text.sample("uvrctl_tasks_in_flight", role, Double(snapshot.inFlight))
        text.family("uvrctl_consumer_lag", type: "gauge", help: "Messages between the committed offset and the log end, per assigned partition (librdkafka statistics).")
        let lag = snapshot.statistics.flatMap(ConsumerLag.fromStatistics) ?? [:]
        for partition in lag.keys.sorted() {
            text.sample("uvrctl_consumer_lag", role + [("topic", partition.topic), ("partition", String(partition.partition))], Double(lag[partition] ?? 0))
        }
        text.family("uvrctl_last_commit_timestamp_seconds", type: "gauge", help: "Unix time of the last successful offset commit (0: none yet).")
        text.sample("uvrctl_last_commit_timestamp_seconds", role, snapshot.lastCommit ?? 0)
        text.family("uvrctl_state", type: "gauge", help: "1 for the role's current state: running, or draining (shutting down).")
        let draining = [.draining, .cancelling, .closing].contains(snapshot.phase)
        text.sample("uvrctl_state", role + [("state", "running")], snapshot.phase == .running ? 1 : 0)
        text.sample("uvrctl_state", role + [("state", "draining")], draining ? 1 : 0)
        return text.text
    }
}
