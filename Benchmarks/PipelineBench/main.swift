// The pipeline's own overhead, with the no-op separator (UVRCTL_TEST_SEPARATOR=noop):
//   1. throughput: 10,000 tasks already on the task topic; one `uvrctl run-processor`; time from its
//      start until every result is on the result topic and every offset is committed;
//   2. idle shutdown: SIGTERM to exit of an idle processor, median of 10.
// Run: swift build -c release && swift run -c release uvr-pipeline-bench [--tasks N] [--runs N]
import Foundation
import CSysShim
import UVRKafka

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1]) else { return fallback }
    return value
}
let taskCount = option("--tasks", 10_000)
let shutdownRuns = option("--runs", 10)
let concurrency = option("--concurrency", 1)
let partitions = 3

let binary = URL(fileURLWithPath: arguments[0]).deletingLastPathComponent().appendingPathComponent("uvrctl").path
guard FileManager.default.isExecutableFile(atPath: binary) else {
    FileHandle.standardError.write(Data("uvrctl not found beside the benchmark at \(binary); build it with the same configuration\n".utf8))
    exit(1)
}
let work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("uvr-pipeline-bench-\(getpid())")
try FileManager.default.createDirectory(at: work.appendingPathComponent("in"), withIntermediateDirectories: true)
try Data("RIFF".utf8).write(to: work.appendingPathComponent("in/song.wav"))
// The work directory is left for inspection when KEEP is set.
defer { if ProcessInfo.processInfo.environment["KEEP"] == nil { try? FileManager.default.removeItem(at: work) } }

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// Starts `uvrctl run-processor` against `bootstrap` with the no-op separator, logging to `log`.
func startProcessor(bootstrap: String, group: String, log: String, topic: String = "uvr-tasks") throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["--log-file", log, "run-processor", "--bootstrap-servers", bootstrap, "--processor-group", group, "--task-topic", topic, "--concurrency", String(concurrency),
                         "--input-dir", work.appendingPathComponent("in").path, "--output-dir", work.appendingPathComponent("out").path,
                         "--pid-dir", work.appendingPathComponent("pids-\(group)").path]
    var environment = ProcessInfo.processInfo.environment
    environment["UVRCTL_TEST_SEPARATOR"] = "noop"
    process.environment = environment
    try process.run()
    return process
}

/// Blocks until `pid` has exited (pidfd + poll: wakes at the exit itself, not on a polling tick
/// like Foundation's waitUntilExit); the caller still reaps it with waitUntilExit.
func waitForExit(_ pid: pid_t) {
    let pidfd = uvr_pidfd_open(pid, 0)
    guard pidfd >= 0 else { return }
    defer { close(pidfd) }
    var descriptor = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
    _ = poll(&descriptor, 1, -1)
}

func waitForLine(_ text: String, in log: String, timeout: Double) -> Bool {
    let start = ContinuousClock.now
    while seconds(since: start) < timeout {
        if let content = try? String(contentsOfFile: log, encoding: .utf8), content.contains(text) { return true }
        usleep(2_000)
    }
    return false
}

let broker = try DevBroker(brokers: 1)
try broker.createTopic("uvr-tasks", partitions: partitions)
try broker.createTopic("uvr-results", partitions: partitions)
try broker.createTopic("uvr-idle", partitions: partitions)
let config = KafkaConfig(bootstrapServers: broker.bootstrapServers)
print("broker \(broker.bootstrapServers), \(partitions) partitions, \(taskCount) tasks, --concurrency \(concurrency), uvrctl \(binary)")

/// Queues one message, waiting while librdkafka's local queue is full.
func produceWaiting(_ producer: Producer, topic: String, key: String, value: String) throws(KafkaError) {
    while true {
        do throws(KafkaError) {
            try producer.produce(topic: topic, key: Array(key.utf8), value: Array(value.utf8)) { _ in }
            return
        } catch where error.isQueueFull {
            usleep(1_000)
        }
    }
}

// 1. Throughput.
let producer = try Producer(config: config)
for index in 0..<taskCount {
    let uuid = String(format: "bench-%08d", index)
    try produceWaiting(producer, topic: "uvr-tasks", key: uuid,
                       value: "{\"task_uuid\":\"\(uuid)\",\"audio_path\":\"song.wav\",\"hook_url\":\"http://127.0.0.1/hook\"}")
}
try producer.flush(timeout: .seconds(30))
let query = try OffsetsQuery(config: config)
let taskPartitions = (0..<Int32(partitions)).map { TopicPartition(topic: "uvr-tasks", partition: $0) }
let resultPartitions = (0..<Int32(partitions)).map { TopicPartition(topic: "uvr-results", partition: $0) }

let throughputLog = work.appendingPathComponent("throughput.log").path
let start = ContinuousClock.now
let processor = try startProcessor(bootstrap: broker.bootstrapServers, group: "bench", log: throughputLog)
var firstAssignment: Double?
var done = false
while seconds(since: start) < 120 {
    if firstAssignment == nil, (try? String(contentsOfFile: throughputLog, encoding: .utf8))?.contains("Partitions assigned") == true {
        firstAssignment = seconds(since: start)
    }
    let committed = try query.committedOffsets(group: "bench", partitions: taskPartitions, timeout: .seconds(5)).values.reduce(0, +)
    let results = try resultPartitions.map { try query.watermarks(of: $0, timeout: .seconds(5)).high }.reduce(0, +)
    if committed >= Int64(taskCount) && results >= Int64(taskCount) { done = true; break }
    usleep(5_000)
}
let total = seconds(since: start)
processor.terminate()
processor.waitUntilExit()
guard done, let joined = firstAssignment else {
    print("throughput: did not finish within 120 s (see \(throughputLog))")
    exit(1)
}
let processing = total - joined
print(String(format: "throughput: %d tasks in %.2f s after the group join (%.0f tasks/s); %.2f s including start-up and the dev broker's ~3 s join delay",
             taskCount, processing, Double(taskCount) / processing, total))

// 2. Idle shutdown.
var shutdownTimes: [Double] = []
for run in 0..<shutdownRuns {
    let log = work.appendingPathComponent("idle-\(run).log").path
    let idle = try startProcessor(bootstrap: broker.bootstrapServers, group: "idle-\(run)", log: log, topic: "uvr-idle")
    guard waitForLine("Partitions assigned", in: log, timeout: 30) else { print("idle run \(run): never joined"); exit(1) }
    usleep(200_000)
    let signalled = ContinuousClock.now
    kill(idle.processIdentifier, SIGTERM)
    waitForExit(idle.processIdentifier)
    shutdownTimes.append(seconds(since: signalled) * 1000)
    idle.waitUntilExit()
    guard idle.terminationStatus == 0 else { print("idle run \(run): exit \(idle.terminationStatus)"); exit(1) }
}
shutdownTimes.sort()
let median = shutdownTimes.count % 2 == 1 ? shutdownTimes[shutdownTimes.count / 2]
    : (shutdownTimes[shutdownTimes.count / 2 - 1] + shutdownTimes[shutdownTimes.count / 2]) / 2
print(String(format: "idle shutdown (SIGTERM to exit): median %.0f ms, min %.0f ms, max %.0f ms over %d runs",
             median, shutdownTimes.first ?? 0, shutdownTimes.last ?? 0, shutdownTimes.count))
query.close(timeout: .seconds(2))
_ = producer.close(timeout: .seconds(2))
