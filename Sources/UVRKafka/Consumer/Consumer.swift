internal import CRdKafka
import Synchronization

/// Handles a rebalance synchronously on the polling thread; the consumer is passed so the
/// handler can `commit` finished work on `.revoked` before the partitions go away.
public typealias RebalanceHandler = @Sendable (Consumer, RebalanceEvent) -> Void

/// A group consumer with manual offsets: nothing is stored or committed unless `commit` is called.
///
/// Threading: a Consumer is owned by ONE poll-loop thread (a dedicated thread, never the
/// cooperative pool). `poll`, `commit`, `pause`, `resume` and `close` are meant to be called from
/// that thread; the rebalance handler runs on it during `poll` (and during `close`). It is
/// `@unchecked Sendable` only so that it can be handed to that thread: librdkafka itself is
/// thread-safe for these calls, but the ordering guarantees above hold only with a single owner.
public final class Consumer: @unchecked Sendable {
    /// The consumer's defaults, under the caller's properties.
    public static let defaultProperties: [String: String] = [
        "enable.auto.commit": "false",
        "enable.auto.offset.store": "false",
        "partition.assignment.strategy": "range,roundrobin",
        "auto.offset.reset": "earliest",
        "session.timeout.ms": "10000",
    ]

    private let client: KafkaClient
    /// The group this consumer joins.
    public let groupID: String

    /// Creates a consumer in `groupID`; `onRebalance` is called synchronously on the polling
    /// thread (assign and unassign are done by the wrapper around it).
    public init(config: KafkaConfig, groupID: String, isolationLevel: IsolationLevel = .readCommitted,
                onRebalance: @escaping RebalanceHandler = { _, _ in }) throws(KafkaError) {
        var defaults = Self.defaultProperties
        defaults["client.id"] = "uvrctl"
        defaults["isolation.level"] = isolationLevel.rawValue
        var config = config
        config["group.id"] = groupID
        let callbacks = ClientCallbacks(logHandler: config.logHandler, statisticsHandler: config.statisticsHandler)
        let conf = try config.makeConf(defaults: defaults, callbacks: callbacks)
        rd_kafka_conf_set_rebalance_cb(conf, rebalanceCallback)
        client = try KafkaClient(type: RD_KAFKA_CONSUMER, conf: conf, callbacks: callbacks, bootstrapServers: config["bootstrap.servers"] ?? "")
        self.groupID = groupID
        rd_kafka_poll_set_consumer(client.pointer)
        callbacks.rebalanceHandler.withLock {
            $0 = { [weak self] err, list in
                guard let self else { return }
                self.handleRebalance(err, list, onRebalance)
            }
        }
    }

    /// Subscribes to `topics`; the group join happens during the following polls.
    public func subscribe(topics: [String]) throws(KafkaError) {
        try ensureOpen()
        let list = PartitionList(topics.map { TopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA) })
        let err = rd_kafka_subscribe(client.pointer, list.pointer)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "subscribe to \(topics.joined(separator: ","))") }
    }

    /// Waits up to `timeout` for the next message or error (blocking; serves rebalances too).
    /// Returns nil when nothing arrived or the consumer is closed.
    public func poll(timeout: Duration) -> ConsumerEvent? {
        guard !client.isClosed, let message = rd_kafka_consumer_poll(client.pointer, timeout.milliseconds) else { return nil }
        defer { rd_kafka_message_destroy(message) }
        let m = message.pointee
        let topic = m.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        if m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF { return nil }
        if m.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let detail = rd_kafka_message_errstr(message).map { String(cString: $0) }
            return .error(KafkaError(m.err, context: topic.isEmpty ? "consume" : "consume \(topic)[\(m.partition)]", detail: detail))
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        return .message(KafkaMessage(
            topic: topic,
            partition: m.partition,
            offset: m.offset,
            key: m.key.map { Array(UnsafeRawBufferPointer(start: $0, count: m.key_len)) },
            value: m.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: m.len)) } ?? [],
            timestampMilliseconds: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp
        ))
    }

    /// Makes a `poll` blocked in another thread return at once (thread-safe; a no-op once closed).
    public func wakeup() {
        guard !client.isClosed, let queue = rd_kafka_queue_get_consumer(client.pointer) else { return }
        rd_kafka_queue_yield(queue)
        rd_kafka_queue_destroy(queue)
    }

    /// Stops fetching from these partitions (the consumer stays in the group while polling).
    public func pause(_ partitions: [TopicPartition]) throws(KafkaError) {
        try changeFetching(partitions, "pause", rd_kafka_pause_partitions)
    }

    /// Resumes fetching from these partitions.
    public func resume(_ partitions: [TopicPartition]) throws(KafkaError) {
        try changeFetching(partitions, "resume", rd_kafka_resume_partitions)
    }

    /// Applies rd_kafka_pause_partitions or rd_kafka_resume_partitions, checking per-partition errors.
    private func changeFetching(_ partitions: [TopicPartition], _ what: String,
                                _ call: (OpaquePointer?, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> rd_kafka_resp_err_t) throws(KafkaError) {
        try ensureOpen()
        let list = PartitionList(partitions)
        let err = call(client.pointer, list.pointer)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: what) }
        if let error = list.firstError(context: what) { throw error }
    }

    /// The partitions currently assigned to this consumer, sorted.
    public func assignment() throws(KafkaError) -> [TopicPartition] {
        try ensureOpen()
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let err = rd_kafka_assignment(client.pointer, &list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { throw KafkaError(err, context: "assignment") }
        return PartitionList(owning: list).partitions.sorted()
    }

    /// Commits exactly these offsets and waits up to `timeout` for the broker's answer.
    /// Pass the next offset to consume: last done + 1 (`KafkaMessage.nextOffset`). Throws
    /// `.timedOut` when the answer did not come in time (the commit may still land later).
    public func commit(offsets: [TopicPartitionOffset], timeout: Duration = .seconds(10)) throws(KafkaError) {
        try ensureOpen()
        guard !offsets.isEmpty else { return }
        let list = PartitionList(offsets)
        guard let queue = rd_kafka_queue_new(client.pointer) else {
            throw KafkaError(code: .kafka, name: "_QUEUE", message: "could not create a commit result queue")
        }
        defer { rd_kafka_queue_destroy(queue) }
        let err = rd_kafka_commit_queue(client.pointer, list.pointer, queue, nil, nil)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "commit") }
        guard let event = rd_kafka_queue_poll(queue, timeout.milliseconds) else { throw KafkaError.timedOut("commit") }
        defer { rd_kafka_event_destroy(event) }
        let result = rd_kafka_event_error(event)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(result, context: "commit", detail: rd_kafka_event_error_string(event).map { String(cString: $0) })
        }
        if let committed = rd_kafka_event_topic_partition_list(event) {
            for element in PartitionList.elements(of: committed) where element.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw KafkaError(element.err, context: "commit \(String(cString: element.topic))[\(element.partition)]")
            }
        }
    }

    /// This group's committed offsets for `partitions` (blocking, at most `timeout`);
    /// partitions never committed are absent from the result.
    public func committed(partitions: [TopicPartition], timeout: Duration) throws(KafkaError) -> [TopicPartition: Int64] {
        try ensureOpen()
        return try fetchCommittedOffsets(client: client, partitions: partitions, timeout: timeout)
    }

    /// Leaves the group (rd_kafka_consumer_close sends LeaveGroup, so partitions move at once) and
    /// destroys the handle, each step bounded: close by `timeout`, destroy by 2 s. A step that
    /// hangs abandons the handle (reported). The rebalance handler may run (`.revoked`) on the
    /// closing thread. Blocking; call it from the poll thread after the loop stopped. Idempotent.
    @discardableResult
    public func close(timeout: Duration) -> CloseReport {
        var report = CloseReport()
        guard !client.isClosed else { return report }
        let handle = SendablePointer(client.pointer)
        guard let err = Watchdog.run(limit: timeout, name: "rdkafka-consumer-close", { rd_kafka_consumer_close(handle.pointer) }) else {
            client.abandon()
            report.error = .timedOut("leaving the consumer group")
            report.abandoned = true
            return report
        }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { report.error = KafkaError(err, context: "leaving the consumer group") }
        report.abandoned = !client.destroy(limit: .seconds(2))
        return report
    }

    private func ensureOpen() throws(KafkaError) {
        guard !client.isClosed else { throw KafkaError(code: .closed, name: "_DESTROY", message: "the consumer is closed") }
    }

    /// Tells the owner, then (un)assigns: after `.assigned`'s assign, before `.revoked`'s unassign.
    private func handleRebalance(_ err: rd_kafka_resp_err_t, _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>,
                                 _ onRebalance: RebalanceHandler) {
        let rk = client.pointer
        let cooperative = rd_kafka_rebalance_protocol(rk).map { String(cString: $0) } == "COOPERATIVE"
        let partitions = PartitionList.partitions(of: list).sorted()
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            if cooperative {
                rd_kafka_incremental_assign(rk, list).map { rd_kafka_error_destroy($0) }
            } else {
                rd_kafka_assign(rk, list)
            }
            onRebalance(self, .assigned(partitions))
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            onRebalance(self, .revoked(partitions))
            if cooperative {
                rd_kafka_incremental_unassign(rk, list).map { rd_kafka_error_destroy($0) }
            } else {
                rd_kafka_assign(rk, nil)
            }
        default:
            onRebalance(self, .failed(KafkaError(err, context: "rebalance")))
            rd_kafka_assign(rk, nil)
        }
    }
}

/// librdkafka's rebalance_cb: forwards to the consumer's handler (found through the opaque).
private func rebalanceCallback(_ rk: OpaquePointer?, _ err: rd_kafka_resp_err_t,
                               _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, _ opaque: UnsafeMutableRawPointer?) {
    guard let rk, let list else { return }
    guard let opaque else { rd_kafka_assign(rk, nil); return }
    let callbacks = Unmanaged<ClientCallbacks>.fromOpaque(opaque).takeUnretainedValue()
    if let handler = callbacks.rebalanceHandler.withLock({ $0 }) {
        handler(err, list)
    } else if err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
        rd_kafka_assign(rk, list)
    } else {
        rd_kafka_assign(rk, nil)
    }
}

/// The committed offsets of the client's group for `partitions` (rd_kafka_committed), bounded by `timeout`.
func fetchCommittedOffsets(client: KafkaClient, partitions: [TopicPartition], timeout: Duration) throws(KafkaError) -> [TopicPartition: Int64] {
    guard !partitions.isEmpty else { return [:] }
    let list = PartitionList(partitions)
    let err = rd_kafka_committed(client.pointer, list.pointer, timeout.milliseconds)
    guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
        throw KafkaError(err, context: "fetch committed offsets", detail: client.callbacks.clientError.map { "\(String(cString: rd_kafka_err2str(err))); last broker error: \($0.message)" })
    }
    if let error = list.firstError(context: "committed offset of") { throw error }
    var offsets: [TopicPartition: Int64] = [:]
    for element in list.elements where element.offset >= 0 {
        offsets[TopicPartition(topic: String(cString: element.topic), partition: element.partition)] = element.offset
    }
    return offsets
}
