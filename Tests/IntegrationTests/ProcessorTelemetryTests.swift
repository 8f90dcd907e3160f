import Foundation
import Testing
import TestSupport
import UVRKafka
#if canImport(Glibc)
import Glibc
#endif

/// What an operator sees of a real `uvrctl run-processor` (no-op separator) on a real
/// `uvrctl broker`: JSON log lines, the log file reopened on SIGHUP after a rename, the metrics
/// file counting the tasks sent, and systemd's READY=1 / STOPPING=1.
@Suite struct ProcessorTelemetryTests {
    private static let uuids = (1...6).map { String(format: "3f1c9a2e-6b1d-4c1e-9a55-0d6f4a1b2c%02d", $0) }

    @Test func logsMetricsAndSystemdNotificationsOfARealProcessor() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let broker = try BrokerProcess(in: directory)
        for folder in ["in", "out"] { try FileManager.default.createDirectory(atPath: directory.file(folder), withIntermediateDirectories: true) }
        let song = directory.file("in/song.wav")
        #expect(try ChildProcess("/usr/bin/sox", ["-n", "-r", "44100", "-c", "2", song, "synth", "1", "sine", "440"]).exitCode == 0)
        let systemd = try NotifySocket()
        let log = directory.file("uvrctl.log")
        let metricsFile = directory.file("uvrctl.prom")
        let processor = try ChildProcess(try UvrctlBinary.path(), [
            "run-processor", "--bootstrap-servers", broker.bootstrapServers, "--input-dir", directory.file("in"),
            "--output-dir", directory.file("out"), "--pid-dir", directory.file("pids"),
            "--log-format", "json", "--log-file", log, "--metrics-file", metricsFile, "--metrics-interval", "1",
        ], environment: ["PATH": "/usr/bin:/bin", "UVRCTL_TEST_SEPARATOR": "noop", "NOTIFY_SOCKET": systemd.name],
           standardErrorFile: directory.file("processor.err"))
        defer { processor.finish() }

        let ready = systemd.waitFor("READY=1")
        #expect(ready.last?.split(separator: "\n").contains("READY=1") == true, "datagrams: \(ready)")
        #expect(ready.last?.contains("STATUS=Processor running") == true)
        try waitUntil("the processor has its partitions") { directory.contents("uvrctl.log").contains("Partitions assigned:") }

        let producer = try Producer(config: KafkaConfig(bootstrapServers: broker.bootstrapServers))
        func send(_ key: String, _ value: String) async throws {
            _ = try await producer.send(topic: "uvr-tasks", key: Array(key.utf8), value: Array(value.utf8))
        }
        func task(_ uuid: String, _ path: String) -> String {
            #"{"task_uuid":"\#(uuid)","audio_path":"\#(path)","hook_url":"http://127.0.0.1:9/hook"}"#
        }
        try await send(Self.uuids[0], task(Self.uuids[0], song))
        try await send(Self.uuids[1], task(Self.uuids[1], song))
        try await send(Self.uuids[2], "not json")
        try await send(Self.uuids[3], task(Self.uuids[3], directory.file("in/missing.wav")))
        try await send(Self.uuids[4], task(Self.uuids[4], "/etc/passwd"))

        var metrics: PrometheusSamples?
        try waitUntil("the metrics file counts five tasks and shows the consumer lag") {
            metrics = PrometheusSamples(directory.contents("uvrctl.prom"))
            return metrics?.value("uvrctl_task_duration_seconds_count") == 5
                && metrics?.samples.contains { $0.name == "uvrctl_consumer_lag" && $0.labels["topic"] == "uvr-tasks" } == true
        }
        #expect(metrics?.value("uvrctl_state", ["state": "running"]) == 1)
        #expect(metrics?.value("uvrctl_state", ["state": "draining"]) == 0)

        // logrotate: rename, SIGHUP, and the next lines go to a new file at the old name.
        try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
        kill(processor.pid, SIGHUP)
        try waitUntil("the log file was reopened") { FileManager.default.fileExists(atPath: log) }
        let rotated = directory.contents("uvrctl.log.1")
        try await send(Self.uuids[5], task(Self.uuids[5], song))
        try waitUntil("the sixth task is counted") {
            PrometheusSamples(directory.contents("uvrctl.prom"))?.value("uvrctl_task_duration_seconds_count") == 6
        }

        kill(processor.pid, SIGTERM)
        let stopping = systemd.waitFor("STOPPING=1")
        #expect(stopping.last?.split(separator: "\n").contains("STOPPING=1") == true, "datagrams: \(stopping)")
        #expect(processor.exitCode == 0, "\(directory.contents("processor.err"))")
        _ = producer.close(timeout: .seconds(5))

        #expect(directory.contents("uvrctl.log.1") == rotated, "the renamed file got no line after SIGHUP")
        let fresh = directory.contents("uvrctl.log")
        #expect(fresh.contains("Received task: \(Self.uuids[5])"))
        #expect(fresh.contains("Processor shutdown complete"))
        #expect(!rotated.contains("Received task: \(Self.uuids[5])"))
        #expect(rotated.contains("Received task: \(Self.uuids[0])"))

        // Every line of both files is one JSON object with the stable keys.
        let lines = (rotated + fresh).split(separator: "\n")
        #expect(lines.count > 10)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["ts"] is String && object?["level"] is String && object?["msg"] is String, "\(line)")
            #expect(object?["role"] as? String == "processor", "\(line)")
            if let message = object?["msg"] as? String, message.hasPrefix("Received task: ") {
                #expect(object?["task_uuid"] as? String == String(message.dropFirst("Received task: ".count)))
                #expect(object?["partition"] is Int && object?["offset"] is Int, "\(line)")
            }
        }

        // The last metrics, written at exit, count exactly the tasks sent.
        let final = try #require(PrometheusSamples(directory.contents("uvrctl.prom")))
        #expect(final.types["uvrctl_tasks_total"] == "counter" && final.types["uvrctl_task_duration_seconds"] == "histogram")
        let tasks = final.samples.filter { $0.name == "uvrctl_tasks_total" }
        #expect(tasks.map(\.labels["role"]).allSatisfy { $0 == "processor" })
        let byOutcome = Dictionary(tasks.map { ("\($0.labels["outcome"] ?? "?")/\($0.labels["error_code"] ?? "?")", $0.value) }, uniquingKeysWith: +)
        #expect(byOutcome == ["success/": 3, "failure/invalid_task": 1, "failure/audio_not_found": 1, "failure/path_not_allowed": 1],
                "\(byOutcome)")
        #expect(final.value("uvrctl_task_duration_seconds_bucket", ["le": "+Inf"]) == 6)
        #expect(final.value("uvrctl_tasks_in_flight") == 0)
        #expect(final.value("uvrctl_tasks_abandoned_total") == 0)
        #expect((final.value("uvrctl_last_commit_timestamp_seconds") ?? 0) > Date().timeIntervalSince1970 - 120)
        #expect(final.value("uvrctl_state", ["state": "running"]) == 0)
        #expect(final.value("uvrctl_state", ["state": "draining"]) == 1)
    }
}
