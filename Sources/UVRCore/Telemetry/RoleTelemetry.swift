import Synchronization
import UVRKafka

/// What a long-running role reports besides its logs: the Prometheus metrics file
/// (`--metrics-file`) and systemd notifications (when `NOTIFY_SOCKET` is set). Pass it as the
/// consumer loop's observer, build the consumer's configuration with `instrument(_:)`, and call
/// `finish()` once the loop has returned (the metrics file is written a last time).
public final class RoleTelemetry: ConsumerLoopObserver {
    /// The metrics, when a metrics file was asked for.
    public let metrics: RoleMetrics?
    private let observers: ObserverFanOut
    private let metricsFile: String?
    private let metricsInterval: Duration
    private let logger: Logger
    private let writer = Mutex<MetricsFileWriter?>(nil)

    /// Telemetry of `role`: metrics written to `metricsFile` (nil: none) every `metricsInterval`,
    /// systemd notified when `environment` has NOTIFY_SOCKET.
    public init(role: ProcessRole, metricsFile: String?, metricsInterval: Duration, environment: [String: String], logger: Logger) {
        metrics = metricsFile.map { _ in RoleMetrics(role: role) }
        let systemd = SystemdNotifier(environment: environment).map { SystemdPhaseReporter(role: role, notifier: $0) }
        observers = ObserverFanOut(([metrics, systemd] as [(any ConsumerLoopObserver)?]).compactMap { $0 })
        self.metricsFile = metricsFile
        self.metricsInterval = metricsInterval
        self.logger = logger
    }

    /// `config` with librdkafka statistics routed to the metrics (consumer lag), every metrics
    /// interval unless `-X statistics.interval.ms` says otherwise; unchanged without metrics.
    public func instrument(_ config: KafkaConfig) -> KafkaConfig {
        guard let metrics else { return config }
        var instrumented = config
        if instrumented["statistics.interval.ms"] == nil {
            instrumented["statistics.interval.ms"] = String(max(1000, Int(metricsInterval.timeInterval * 1000)))
        }
        instrumented.statisticsHandler = { json in metrics.recordStatistics(json) }
        return instrumented
    }

    /// Writes the metrics file a last time and stops its writer.
    public func finish() {
        writer.withLock { $0 }?.stop()
    }

    public func phaseChanged(_ phase: RoleStateSnapshot.Phase) {
        observers.phaseChanged(phase)
        // The file is first written once the loop runs, so a second instance refused its PID
        // file never overwrites the running one's metrics.
        guard let metrics, let metricsFile else { return }
        writer.withLock { current in
            if current == nil {
                current = MetricsFileWriter(path: metricsFile, interval: metricsInterval, logger: logger, render: metrics.render)
            }
        }
    }

    public func taskEnded(_ outcome: TaskOutcome, seconds: Double) { observers.taskEnded(outcome, seconds: seconds) }
    public func inFlightChanged(_ count: Int) { observers.inFlightChanged(count) }
    public func committed() { observers.committed() }
}
