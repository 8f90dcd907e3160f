import Foundation
import Synchronization
import UVRKafka

/// The first result seen for one sent task, with the time from sending it to reading its result.
public struct TaskArrival: Sendable {
    /// The task's id.
    public let taskUUID: String
    /// The result as decoded; a malformed result becomes a failed outcome saying so.
    public let outcome: ResultMessage.Outcome
    /// Time from producing the task to reading its result.
    public let latency: Duration

    /// True when the task succeeded.
    public var succeeded: Bool {
        if case .succeeded = outcome { return true }
        return false
    }
}

/// Follows the result topic from the end offsets it had when the watcher was started (so only
/// results produced afterwards are read), without joining any consumer group, and matches
/// results to sent tasks by task_uuid.
///
/// Start it BEFORE producing the tasks, so no result can slip in between.
public final class ResultWatcher: Sendable {
    /// Where reading starts: the result topic's log-end offsets at start.
    public let startOffsets: [TopicPartitionOffset]
    private let reader: Consumer

    private init(reader: Consumer, startOffsets: [TopicPartitionOffset]) {
        self.reader = reader
        self.startOffsets = startOffsets
    }

    /// Takes `topic`'s log-end offsets (every query bounded by `timeout`) and assigns a group-less
    /// reader there. Throws `.unknownTopicOrPartition` when the topic does not exist.
    public static func start(config: KafkaConfig, topic: String, timeout: Duration) async throws(KafkaError) -> ResultWatcher {
        let query = try OffsetsQuery(config: config)
        defer { query.close(timeout: .seconds(2)) }
        var offsets: [TopicPartitionOffset] = []
        for partition in try await query.partitions(of: topic, timeout: timeout) {
            let watermarks = try await query.watermarks(of: TopicPartition(topic: topic, partition: partition), timeout: timeout)
            offsets.append(TopicPartitionOffset(topic: topic, partition: partition, offset: watermarks.high))
        }
        // Fetches wait at most 100 ms for new data (librdkafka's 500 ms would blur the latencies).
        var readerConfig = config
        if readerConfig["fetch.wait.max.ms"] == nil { readerConfig["fetch.wait.max.ms"] = "100" }
        // A group id is required for assign(); this one never joins, never commits, so no group appears.
        let reader = try Consumer(config: readerConfig, groupID: "uvrctl-send-test-\(UUID().uuidString.lowercased())")
        try reader.assign(offsets)
        return ResultWatcher(reader: reader, startOffsets: offsets)
    }

    /// Reads results until every task in `sent` (task_uuid → when it was produced) has one, or
    /// `deadline` passes; calls `onArrival` for each task's first result as it is read (later
    /// duplicates are ignored). Then closes the reader. Runs on a dedicated thread.
    public func collect(sent: [String: ContinuousClock.Instant], until deadline: ContinuousClock.Instant,
                        onArrival: @escaping @Sendable (TaskArrival) -> Void) async -> [String: TaskArrival] {
        let reader = self.reader
        return await onDedicatedThread(named: "send-test-results") {
            var arrivals: [String: TaskArrival] = [:]
            while arrivals.count < sent.count, ContinuousClock.now < deadline {
                let wait = min(Duration.milliseconds(200), deadline - ContinuousClock.now)
                guard case .message(let message)? = reader.poll(timeout: max(.zero, wait)) else { continue }
                let received = ContinuousClock.now
                let decoded = ResultMessage.decode(payload: Data(message.value), key: message.key.map { Data($0) })
                let (taskUUID, outcome): (String, ResultMessage.Outcome) = switch decoded {
                case .success(let result): (result.taskUUID, result.outcome)
                case .failure(let rejection): (rejection.taskUUID, .failed(rejection.failure))
                }
                guard let sentAt = sent[taskUUID], arrivals[taskUUID] == nil else { continue }
                let arrival = TaskArrival(taskUUID: taskUUID, outcome: outcome, latency: received - sentAt)
                arrivals[taskUUID] = arrival
                onArrival(arrival)
            }
            reader.close(timeout: .seconds(2))
            return arrivals
        }
    }

    /// Closes the reader without collecting (bounded, on a dedicated thread; idempotent).
    public func close() async {
        let reader = self.reader
        _ = await onDedicatedThread(named: "send-test-close") { reader.close(timeout: .seconds(2)) }
    }
}
