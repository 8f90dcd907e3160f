internal import CRdKafka

/// A partition's low and high watermarks: the first offset still stored and the log-end offset.
public struct Watermarks: Sendable, Hashable {
    /// The earliest offset still in the log.
    public let low: Int64
    /// The log-end offset (the offset the next message will get).
    public let high: Int64

    /// Watermarks `low` and `high` (as a broker reports them, or for tests).
    public init(low: Int64, high: Int64) {
        self.low = low
        self.high = high
    }
}

/// Read-only cluster queries: partitions of a topic, watermarks, any group's committed offsets.
///
/// Every call is blocking, takes its own deadline and returns or throws within it (an
/// unreachable broker gives a `KafkaError` with `isUnreachable`); call from a dedicated thread,
/// or use the `async` variants, which hop onto one. Thread-safe.
public final class OffsetsQuery: Sendable {
    let client: KafkaClient
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
        return try client.bounded("read metadata for topic \(topic)", limit: timeout + Self.grace) { rk throws(KafkaError) in
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let err = rd_kafka_metadata(rk, 1, nil, &metadata, timeout.milliseconds)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
                throw self.client.error(err, context: "read metadata for topic \(topic)")
            }
            defer { rd_kafka_metadata_destroy(metadata) }
            let topics = UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt))
            guard let entry = topics.first(where: { String(cString: $0.topic) == topic }) else {
                throw KafkaError(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, context: "topic \(topic)", detail: "the topic does not exist")
            }
            guard entry.err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(entry.err, context: "topic \(topic)") }
            return UnsafeBufferPointer(start: entry.partitions, count: Int(entry.partition_cnt)).map(\.id).sorted()
        }
    }

    /// The low and high watermarks of one partition, asked of its leader.
    public func watermarks(of partition: TopicPartition, timeout: Duration) throws(KafkaError) -> Watermarks {
        try ensureOpen()
        return try client.bounded("query watermarks of \(partition)", limit: timeout + Self.grace) { rk throws(KafkaError) in
            var low: Int64 = -1
            var high: Int64 = -1
            let err = rd_kafka_query_watermark_offsets(rk, partition.topic, partition.partition, &low, &high, timeout.milliseconds)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw self.client.error(err, context: "query watermarks of \(partition)") }
            return Watermarks(low: low, high: high)
        }
    }

    /// The committed offsets of ANY `group` for `partitions`, without joining the group: a
    /// short-lived client with that group.id that never subscribes asks the group coordinator.
    /// Partitions never committed are absent from the result.
    public func committedOffsets(group: String, partitions: [TopicPartition], timeout: Duration) throws(KafkaError) -> [TopicPartition: Int64] {
        try ensureOpen()
        var groupConfig = config
        groupConfig["group.id"] = group
        let groupClient = try KafkaClient(type: RD_KAFKA_CONSUMER, config: groupConfig, defaults: Self.defaults)
        defer { groupClient.destroy(limit: .seconds(2)) }
        do throws(KafkaError) {
            return try groupClient.bounded("fetch committed offsets of group \(group)", limit: timeout + Self.grace) { _ throws(KafkaError) in
                try fetchCommittedOffsets(client: groupClient, partitions: partitions, timeout: timeout)
            }
        } catch {
            throw groupClient.reclassify(error, context: "group \(group)")
        }
    }

    /// How long past its own timeout a librdkafka call may take before the watchdog gives up on it.
    static let grace = Duration.seconds(1)

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
