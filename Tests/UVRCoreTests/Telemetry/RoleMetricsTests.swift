import Foundation
import Synchronization
import Testing
import TestSupport
@testable import UVRCore

/// RoleMetrics as the consumer loop drives it, and the file the writer publishes.
@Suite struct RoleMetricsTests {
    @Test func countsOutcomesBucketsDurationsAndReportsStateAndLag() {
        let metrics = RoleMetrics(role: .uploader)
        metrics.phaseChanged(.running)
        metrics.inFlightChanged(2)
        metrics.taskEnded(.completed(TaskSummary(succeeded: true)), seconds: 0.3)
        metrics.taskEnded(.completed(TaskSummary(succeeded: false, errorCode: "audio_not_found")), seconds: 7)
        metrics.taskEnded(.completed(TaskSummary(succeeded: false, errorCode: "audio_not_found")), seconds: 4000)
        metrics.taskEnded(.abandoned, seconds: 1)
        metrics.recordStatistics(#"{"topics":{"uvr-results":{"partitions":{"1":{"partition":1,"desired":true,"consumer_lag":12},"-1":{"partition":-1,"consumer_lag":-1},"2":{"partition":2,"desired":true,"consumer_lag":-1}}}}}"#)
        metrics.phaseChanged(.draining)
        let lines = Set(metrics.render().split(separator: "\n").map(String.init))
        for expected in [
            #"uvrctl_tasks_total{role="uploader",outcome="success",error_code=""} 1"#,
            #"uvrctl_tasks_total{role="uploader",outcome="failure",error_code="audio_not_found"} 2"#,
            #"uvrctl_tasks_abandoned_total{role="uploader"} 1"#,
            #"uvrctl_task_duration_seconds_bucket{role="uploader",le="0.5"} 1"#,
            #"uvrctl_task_duration_seconds_bucket{role="uploader",le="10"} 2"#,
            #"uvrctl_task_duration_seconds_bucket{role="uploader",le="1800"} 2"#,
            #"uvrctl_task_duration_seconds_bucket{role="uploader",le="+Inf"} 3"#,
            #"uvrctl_task_duration_seconds_count{role="uploader"} 3"#,
            #"uvrctl_tasks_in_flight{role="uploader"} 2"#,
            #"uvrctl_consumer_lag{role="uploader",topic="uvr-results",partition="1"} 12"#,
            #"uvrctl_last_commit_timestamp_seconds{role="uploader"} 0"#,
            #"uvrctl_state{role="uploader",state="running"} 0"#,
            #"uvrctl_state{role="uploader",state="draining"} 1"#,
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
        #expect(!lines.contains { $0.contains("partition=\"2\"") || $0.contains("partition=\"-1\"") }, "unknown lag is left out")
    }

    @Test func labelValuesAreEscaped() {
        #expect(PrometheusText.escape(#"a"b\c"# + "\nd") == #"a\"b\\c\nd"#)
        #expect(PrometheusText.number(3) == "3" && PrometheusText.number(0.25) == "0.25" && PrometheusText.number(.infinity) == "+Inf")
    }

    @Test func writerPublishesAtOnceAndAtStopWithoutLeavingTemporaryFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let counter = Counter()
        let path = directory.file("role.prom")
        let writer = MetricsFileWriter(path: path, interval: .seconds(3600), logger: Logger(destination: .standardError)) {
            "uvrctl_test \(counter.next())\n"
        }
        try waitUntil("the first write") { directory.contents("role.prom") == "uvrctl_test 1\n" }
        writer.stop()
        #expect(directory.contents("role.prom") == "uvrctl_test 2\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["role.prom"])
        #expect(MetricsFileWriter.write("x\n", to: directory.file("missing/role.prom"))?.hasPrefix("cannot create ") == true)
    }
}

/// A thread-safe counter for the writer's render closure.
private final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}
