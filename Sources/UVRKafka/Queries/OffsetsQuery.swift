internal import CRdKafka

/// A partition's low and high watermarks: the first offset still stored and the log-end offset.
public struct Watermarks: Sendable, Hashable {
    /// The earliest offset still in the log.
    public let low: Int64
    /// The log-end offset (the offset the next message will get).
    public let high: Int64
}

/// Read-only cluster queries: partitions of a topic, watermarks, any group's committed offsets.
///
/// Every call is blocking, takes its own deadline and returns or throws within it (an
/// unreachable broker gives a `KafkaError` with `isUnreachable`); call from a dedicated thread,
/// or use the `async` variants, which hop onto one. Thread-safe.
public final class OffsetsQuery: Sendable {
    private let client: KafkaClient
    let config: KafkaConfig

    /// Creates a group-less client for `config` (connects lazily, on the first query).
    public init(config: KafkaConfig) throws(KafkaError) {
        var config = config
        config.properties["group.id"] = nil
        self.config = config
        client = try KafkaClient(type: RD_KAFKA_CONSUMER, config: config, defaults: Self.defaults)
    }

    /// Client defaults for query handles: no auto commit, never create topics.
    static let defaults = [
        "client.id": "uvrctl-offsets",
        "enable.auto.commit": "false",
        "allow.auto.create.topics": "false",
    ]

    /// The partition numbers of `topic`, sorted (from cluster metadata).
    public func partitions(of topic: String, timeout: Duration) throws(KafkaError) -> [Int32] {
        try ensureOpen()
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(client.pointer, 1, nil, &metadata, timeout.milliseconds)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw client.error(err, context: "read metadata for topic \(topic)")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        let topics = UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt))
        guard let entry = topics.first(where: { String(cString: $0.topic) == topic }) else {
            throw KafkaError(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, context: "topic \(topic)", detail: "the topic does not exist")
        }
        guard entry.err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(entry.err, context: "topic \(topic)") }
        let partitions = UnsafeBufferPointer(start: entry.partitions, count: Int(entry.partition_cnt))
        return partitions.map(\.id).sorted()
    }

    /// The low and high watermarks of one partition, asked of its leader.
    public func watermarks(of partition: TopicPartition, timeout: Duration) throws(KafkaError) -> Watermarks {
        try ensureOpen()
        var low: Int64 = -1
        var high: Int64 = -1
        let err = rd_kafka_query_watermark_offsets(client.pointer, partition.topic, partition.partition, &low, &high, timeout.milliseconds)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw client.error(err, context: "query watermarks of \(partition)") }
        return Watermarks(low: low, high: high)
    }

    /// The committed offsets of ANY `group` for `partitions`, without joining the group: a
    /// short-lived client with that group.id that never subscribes asks the group coordinator.
    /// Partitions never committed are absent from the result.
    public func committedOffsets(group: String, partitions: [TopicPartition], timeout: Duration) throws(KafkaError) -> [TopicPartition: Int64] {
        try ensureOpen()
        let start = ContinuousClock.now
        var groupConfig = config
        groupConfig["group.id"] = group
        let groupClient = try KafkaClient(type: RD_KAFKA_CONSUMER, config: groupConfig, defaults: Self.defaults)
        defer { groupClient.destroy(limit: max(.milliseconds(500), timeout - (ContinuousClock.now - start))) }
        do throws(KafkaError) {
            return try fetchCommittedOffsets(client: groupClient, partitions: partitions, timeout: timeout)
        } catch {
            throw groupClient.reclassify(error, context: "group \(group)")
        }
    }

    /// Destroys the query client within `timeout` (abandoning it if that hangs). Idempotent.
    @discardableResult
    public func close(timeout: Duration) -> CloseReport {
        var report = CloseReport()
        report.abandoned = !client.destroy(limit: timeout)
        return report
    }

    private func ensureOpen() throws(KafkaError) {
        guard !client.isClosed else { throw KafkaError(code: .closed, name: "_DESTROY", message: "the offsets query client is closed") }
    }
}

extension OffsetsQuery {
    /// `partitions(of:timeout:)` on a dedicated thread.
    public func partitions(of topic: String, timeout: Duration) async throws(KafkaError) -> [Int32] {
        try await Watchdog.offload(name: "rdkafka-metadata") { () throws(KafkaError) in try self.partitions(of: topic, timeout: timeout) }
    }

    /// `watermarks(of:timeout:)` on a dedicated thread.
    public func watermarks(of partition: TopicPartition, timeout: Duration) async throws(KafkaError) -> Watermarks {
        try await Watchdog.offload(name: "rdkafka-watermarks") { () throws(KafkaError) in try self.watermarks(of: partition, timeout: timeout) }
    }

    /// `committedOffsets(group:partitions:timeout:)` on a dedicated thread.
    public func committedOffsets(group: String, partitions: [TopicPartition], timeout: Duration) async throws(KafkaError) -> [TopicPartition: Int64] {
        try await Watchdog.offload(name: "rdkafka-committed") { () throws(KafkaError) in
            try self.committedOffsets(group: group, partitions: partitions, timeout: timeout)
        }
    }
}

extension KafkaClient {
    /// Maps `err`, calling a timeout "unreachable" when librdkafka reported that no broker answers.
    func error(_ err: rd_kafka_resp_err_t, context: String) -> KafkaError {
        reclassify(KafkaError(err, context: context), context: nil)
    }

    /// Turns a timeout into `.unreachable` when the last client error says no broker could be reached.
    /// Only for query handles: it serves the main queue (rd_kafka_poll) so error_cb has run.
    func reclassify(_ error: KafkaError, context: String?) -> KafkaError {
        if error.code == .timedOut, !isClosed { rd_kafka_poll(pointer, 0) }
        let prefix = context.map { "\($0): " } ?? ""
        guard error.code == .timedOut, let clientError = callbacks.clientError, clientError.isUnreachable else {
            return context == nil ? error : KafkaError(code: error.code, name: error.name, message: prefix + error.message, librdkafkaCode: error.librdkafkaCode)
        }
        return KafkaError(code: .unreachable, name: clientError.name,
                          message: "\(prefix)\(error.message): no broker reachable (\(clientError.message))",
                          librdkafkaCode: clientError.librdkafkaCode)
    }
}
