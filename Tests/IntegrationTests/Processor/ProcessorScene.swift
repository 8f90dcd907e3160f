import Foundation
import Synchronization
import TestSupport
import UVRAudio
import UVRKafka
#if canImport(Glibc)
import Glibc
#endif

/// One run-processor scenario's world: its own `uvrctl broker` child, input/output/PID
/// directories, an in-process producer for tasks, a reader of the result topic and an offsets
/// query. Processors are started as real child processes of the built binary.
final class ProcessorScene: @unchecked Sendable {
    static let taskTopic = "uvr-tasks"
    static let resultTopic = "uvr-results"
    static let group = "uvr-processor"

    let directory: TemporaryDirectory
    let bootstrap: String
    let inputDirectory: String
    let outputDirectory: String
    let pidDirectory: String
    let partitionCount: Int
    private let broker: BrokerProcess
    private let producer: Producer
    private let query: OffsetsQuery
    private let reader: ResultReader
    private let processors = Mutex<[ProcessorChild]>([])

    /// Starts a broker with `partitions` partitions per topic and the result reader.
    init(partitions: Int = 3) throws {
        directory = try TemporaryDirectory()
        partitionCount = partitions
        inputDirectory = directory.file("in")
        outputDirectory = directory.file("out")
        pidDirectory = directory.file("pids")
        for folder in [inputDirectory, outputDirectory] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        broker = try BrokerProcess(in: directory, partitions: partitions)
        bootstrap = broker.bootstrapServers
        let config = KafkaConfig(bootstrapServers: bootstrap)
        producer = try Producer(config: config)
        query = try OffsetsQuery(config: config)
        reader = try ResultReader(config: config, topic: Self.resultTopic)
    }

    deinit {
        processors.withLock { $0.forEach { $0.child.finish() } }
        reader.stop()
        _ = producer.close(timeout: .seconds(2))
        query.close(timeout: .seconds(2))
        broker.process.finish()
        directory.remove()
    }

    // MARK: - Processors

    /// Starts `uvrctl run-processor` on this scene's broker and directories. `separator` is
    /// UVRCTL_TEST_SEPARATOR (nil: the configured separator); `name` names its log file.
    func startProcessor(_ extra: [String] = [], separator: String? = "sleep:0", name: String = "processor",
                        pidDirectory: String? = nil) throws -> ProcessorChild {
        var environment = ["PATH": "/usr/bin:/bin"]
        if let separator { environment["UVRCTL_TEST_SEPARATOR"] = separator }
        let arguments = ["run-processor", "--bootstrap-servers", bootstrap, "--input-dir", inputDirectory,
                         "--output-dir", outputDirectory, "--pid-dir", pidDirectory ?? self.pidDirectory] + extra
        let log = directory.file("\(name).err")
        let child = try ChildProcess(try UvrctlBinary.path(), arguments, environment: environment,
                                     standardOutputFile: directory.file("\(name).out"), standardErrorFile: log)
        let processor = ProcessorChild(child: child, logPath: log)
        processors.withLock { $0.append(processor) }
        return processor
    }

    /// Starts a processor and waits until it joined the group (partitions assigned).
    func startJoinedProcessor(_ extra: [String] = [], separator: String? = "sleep:0", name: String = "processor") async throws -> ProcessorChild {
        let processor = try startProcessor(extra, separator: separator, name: name)
        try await processor.waitForLog("Partitions assigned", timeout: .seconds(30))
        return processor
    }

    // MARK: - Input

    /// Writes a stereo 44.1 kHz WAV of `seconds` (a chord) to the input directory; returns its path.
    @discardableResult
    func song(_ name: String, seconds: Double = 1) throws -> String {
        let path = (inputDirectory as NSString).appendingPathComponent(name)
        let rate = 44_100
        let frames = Int(seconds * Double(rate))
        var samples = [Float](repeating: 0, count: frames * 2)
        for frame in 0..<frames {
            let time = Float(frame) / Float(rate)
            samples[2 * frame] = 0.3 * sinf(2 * .pi * 440 * time) + 0.2 * sinf(2 * .pi * 660 * time)
            samples[2 * frame + 1] = 0.3 * sinf(2 * .pi * 440 * time) - 0.2 * sinf(2 * .pi * 220 * time)
        }
        let writer = try AudioFileWriter(url: URL(fileURLWithPath: path), format: .wav(), sampleRate: rate, channelCount: 2)
        try writer.write(samples)
        try writer.finish()
        return path
    }

    /// Produces a well-formed task for `audioPath` keyed by `uuid`; returns where it landed.
    @discardableResult
    func sendTask(_ uuid: String, audioPath: String) async throws -> DeliveryReport {
        let json = #"{"task_uuid":"\#(uuid)","audio_path":"\#(audioPath)","hook_url":"http://127.0.0.1:9/hook"}"#
        return try await sendRaw(key: uuid, value: json)
    }

    /// Produces any message to the task topic.
    @discardableResult
    func sendRaw(key: String?, value: String) async throws -> DeliveryReport {
        try await producer.send(topic: Self.taskTopic, key: key.map { Array($0.utf8) }, value: Array(value.utf8))
    }

    // MARK: - Reading back

    /// Every result read so far.
    var results: [ResultRecord] { reader.records }

    /// The results read so far for `uuid`.
    func results(for uuid: String) -> [ResultRecord] { results.filter { $0.taskUUID == uuid } }

    /// Waits until `count` results for `uuid` were read; returns them.
    @discardableResult
    func waitForResults(_ uuid: String, count: Int = 1, timeout: Duration = .seconds(30)) async throws -> [ResultRecord] {
        do {
            try await eventually("\(count) result(s) for \(uuid) on \(Self.resultTopic)", timeout: timeout) { self.results(for: uuid).count >= count }
        } catch {
            throw TestSetupError(description: "\(error)\n\(processorLogs)")
        }
        return results(for: uuid)
    }

    /// Every processor's log so far, each under a header line, for failure messages.
    var processorLogs: String {
        processors.withLock { $0.map { "--- \($0.logPath)\n\($0.log)" }.joined(separator: "\n") }
    }

    /// Messages on the result topic (sum of high watermarks): exact, independent of the reader.
    func resultCount() async throws -> Int64 {
        var total: Int64 = 0
        for partition in 0..<partitionCount {
            total += try await query.watermarks(of: TopicPartition(topic: Self.resultTopic, partition: Int32(partition)), timeout: .seconds(5)).high
        }
        return total
    }

    /// The processor group's committed offsets on the task topic, by partition (absent: never committed).
    func committed(group: String = ProcessorScene.group) async throws -> [Int32: Int64] {
        let partitions = (0..<partitionCount).map { TopicPartition(topic: Self.taskTopic, partition: Int32($0)) }
        let offsets = try await query.committedOffsets(group: group, partitions: partitions, timeout: .seconds(5))
        return Dictionary(uniqueKeysWithValues: offsets.map { ($0.key.partition, $0.value) })
    }

    /// The task topic's log-end offsets, by partition.
    func endOffsets() async throws -> [Int32: Int64] {
        var ends: [Int32: Int64] = [:]
        for partition in 0..<partitionCount {
            let high = try await query.watermarks(of: TopicPartition(topic: Self.taskTopic, partition: Int32(partition)), timeout: .seconds(5)).high
            if high > 0 { ends[Int32(partition)] = high }
        }
        return ends
    }

    /// Whether the committed offset of the task's partition covers it.
    func isCommitted(_ task: DeliveryReport) async throws -> Bool {
        (try await committed()[task.partition] ?? -1) > task.offset
    }

    /// Waits until the group committed every task on the topic (committed == log-end everywhere).
    func waitUntilAllCommitted(timeout: Duration = .seconds(30)) async throws {
        let ends = try await endOffsets()
        try await eventuallyAsync("every task committed (log-end \(ends))", timeout: timeout) {
            let committed = try await self.committed()
            return ends.allSatisfy { committed[$0.key] == $0.value }
        }
    }
}

/// A running `uvrctl run-processor` child and its log (its standard error).
final class ProcessorChild: Sendable {
    let child: ChildProcess
    let logPath: String

    init(child: ChildProcess, logPath: String) {
        self.child = child
        self.logPath = logPath
    }

    /// Everything it logged so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Its log lines so far.
    var logLines: [String] { log.split(separator: "\n").map(String.init) }

    /// Sends `signal` to it.
    func signal(_ signal: Int32) { kill(child.pid, signal) }

    /// Waits until its log contains `text`.
    func waitForLog(_ text: String, timeout: Duration = .seconds(30)) async throws {
        try await eventually("the processor logged \(text.debugDescription)", timeout: timeout) {
            if self.log.contains(text) { return true }
            if !self.child.isRunning { throw TestSetupError(description: "the processor exited before logging \(text.debugDescription):\n\(self.log)") }
            return false
        }
    }

    /// Waits for it to exit; returns its exit status (nil when a signal ended it).
    func exitStatus(timeout: Duration = .seconds(30)) async throws -> Int32? {
        try await eventually("the processor exited\n\(log)", timeout: timeout) { !self.child.isRunning }
        return child.exitCode
    }

    /// The number of log lines containing `text` (and satisfying `also`).
    func count(_ text: String, where also: (String) -> Bool = { _ in true }) -> Int {
        logLines.filter { $0.contains(text) && also($0) }.count
    }
}

/// One result message read back from the result topic.
struct ResultRecord: Sendable {
    let key: String?
    let taskUUID: String?
    let success: Bool?
    let errorCode: String?
    let errorMessage: String?
    let json: String
}

/// Follows the result topic from the beginning in its own group, on its own thread.
final class ResultReader: @unchecked Sendable {
    private let consumer: Consumer
    private let stored = Mutex<[ResultRecord]>([])
    private let stopped = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    init(config: KafkaConfig, topic: String) throws {
        var quiet = config
        quiet.logHandler = { _, _, _ in }
        consumer = try Consumer(config: quiet, groupID: "it-result-reader-\(UUID().uuidString)")
        try consumer.subscribe(topics: [topic])
        let thread = Thread { [self] in
            while !stopped.load(ordering: .acquiring) {
                guard case .message(let message) = consumer.poll(timeout: .milliseconds(100)) else { continue }
                let object = (try? JSONSerialization.jsonObject(with: Data(message.value))) as? [String: Any] ?? [:]
                let record = ResultRecord(key: message.keyString, taskUUID: object["task_uuid"] as? String,
                                          success: object["success"] as? Bool, errorCode: object["error_code"] as? String,
                                          errorMessage: object["error_message"] as? String,
                                          json: String(decoding: message.value, as: UTF8.self))
                stored.withLock { $0.append(record) }
            }
            done.signal()
        }
        thread.start()
    }

    /// Every record read so far.
    var records: [ResultRecord] { stored.withLock { $0 } }

    /// Stops the thread and closes the consumer (bounded).
    func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        done.wait()
        _ = consumer.close(timeout: .seconds(3))
    }
}

/// Waits, off the thread pool's time (sleeping between checks), until `condition` holds.
func eventually(_ what: String, timeout: Duration = .seconds(30), _ condition: () throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while try !condition() {
        guard ContinuousClock.now < deadline else { throw TestSetupError(description: "gave up after \(timeout) waiting until \(what)") }
        try await Task.sleep(for: .milliseconds(50))
    }
}

/// `eventually` for a condition that itself awaits (Kafka queries).
func eventuallyAsync(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TestSetupError(description: "gave up after \(timeout) waiting until \(what)") }
        try await Task.sleep(for: .milliseconds(200))
    }
}

/// A fresh task_uuid.
func newTaskUUID() -> String { UUID().uuidString.lowercased() }
