import Foundation
import TestSupport
import UVRKafka

/// One run-uploader scenario on real processes: a `uvrctl broker`, the webhook receiver fixture,
/// and `uvrctl run-uploader` children in a fresh group, all with their files in one directory.
final class UploaderScenario {
    let directory: TemporaryDirectory
    let broker: BrokerProcess
    let receiver: WebhookReceiverProcess
    let group = "uploader-test-\(UUID().uuidString.prefix(8))"
    private let producer: Producer
    private let query: OffsetsQuery
    private var uploaders: [ChildProcess] = []

    /// Starts the broker and the receiver (with the fixture's `receiverArguments`).
    init(receiverArguments: [String] = []) throws {
        directory = try TemporaryDirectory()
        broker = try BrokerProcess(in: directory)
        receiver = try WebhookReceiverProcess(in: directory, arguments: receiverArguments)
        producer = try Producer(config: KafkaConfig(bootstrapServers: broker.bootstrapServers))
        query = try OffsetsQuery(config: KafkaConfig(bootstrapServers: broker.bootstrapServers))
    }

    deinit {
        uploaders.forEach { $0.finish() }
        producer.close(timeout: .seconds(2))
        query.close(timeout: .seconds(2))
        directory.remove()
    }

    /// The receiver's URL for `path`.
    func hook(_ path: String = "/hook") -> String { receiver.baseURL + path }

    /// Starts `uvrctl run-uploader` (log in `<name>.err`) and waits until it has its partitions.
    @discardableResult
    func startUploader(_ arguments: [String] = [], environment: [String: String] = [:], name: String = "uploader") throws -> ChildProcess {
        let uploader = try ChildProcess(try UvrctlBinary.path(), [
            "run-uploader", "--bootstrap-servers", broker.bootstrapServers, "--uploader-group", group,
            "--pid-dir", directory.file("pids"), "--upload-to", "file://" + directory.file("published"),
        ] + arguments, environment: ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }, standardErrorFile: directory.file("\(name).err"))
        uploaders.append(uploader)
        try waitUntil("\(name) has its partitions", timeout: 40) {
            directory.contents("\(name).err").contains("Partitions assigned:") || !uploader.isRunning
        }
        return uploader
    }

    /// Produces `json` keyed by `key` to the result topic and waits for the broker's acknowledgement.
    func sendResult(key: String, _ json: String) async throws {
        _ = try await producer.send(topic: "uvr-results", key: Array(key.utf8), value: Array(json.utf8))
    }

    /// A success result for stems at the given paths.
    static func success(_ uuid: String, vocals: String, instrumental: String, hook: String) -> String {
        #"{"task_uuid":"\#(uuid)","success":true,"vocals_path":"\#(vocals)","instrumental_path":"\#(instrumental)","hook_url":"\#(hook)","duration_ms":812}"#
    }

    /// A failure result (`audio_not_found`) that only needs the webhook.
    static func failure(_ uuid: String, hook: String) -> String {
        #"{"task_uuid":"\#(uuid)","success":false,"error_code":"audio_not_found","error_message":"no such file","hook_url":"\#(hook)"}"#
    }

    /// The sum over the result topic's partitions of the group's committed offsets (0 when none).
    func committedTotal() throws -> Int64 {
        let partitions = try query.partitions(of: "uvr-results", timeout: .seconds(5)).map { TopicPartition(topic: "uvr-results", partition: $0) }
        return try query.committedOffsets(group: group, partitions: partitions, timeout: .seconds(5)).values.reduce(0, +)
    }

    /// Every record on the dead-letter topic: its key and its parsed JSON value.
    func deadLetters() throws -> [(key: String, value: [String: Any])] {
        let output = directory.file("dlq-\(UUID().uuidString).jsonl")
        let kcat = try ChildProcess("/usr/bin/kcat", ["-C", "-b", broker.bootstrapServers, "-t", "uvr-results-dlq", "-e", "-q", "-J"],
                                    standardOutputFile: output)
        guard kcat.exitCode == 0 else { throw TestSetupError(description: "kcat could not read the dead-letter topic") }
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { line in
            guard let envelope = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let key = envelope["key"] as? String, let payload = envelope["payload"] as? String,
                  let value = try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any] else {
                throw TestSetupError(description: "unexpected dead-letter record: \(line)")
            }
            return (key, value)
        }
    }
}
