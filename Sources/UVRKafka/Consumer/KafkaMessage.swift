/// One message read from a partition.
public struct KafkaMessage: Sendable, Hashable {
    /// The topic it was read from.
    public let topic: String
    /// Its partition.
    public let partition: Int32
    /// Its offset; commit `offset + 1` once it is done.
    public let offset: Int64
    /// The message key, if it has one.
    public let key: [UInt8]?
    /// The message value (empty for a null value).
    public let value: [UInt8]
    /// The message timestamp in milliseconds since the epoch, when the broker provides one.
    public let timestampMilliseconds: Int64?

    /// Creates a message (for fakes in other modules' tests; real ones come from `Consumer.poll`).
    public init(topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8], timestampMilliseconds: Int64? = nil) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// The key decoded as UTF-8, if it has one.
    public var keyString: String? { key.map { String(decoding: $0, as: UTF8.self) } }

    /// The topic-partition it was read from.
    public var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }

    /// The offset to commit once this message is done: `offset + 1`.
    public var nextOffset: TopicPartitionOffset { TopicPartitionOffset(topic: topic, partition: partition, offset: offset + 1) }
}

/// What one `Consumer.poll` returned.
public enum ConsumerEvent: Sendable {
    /// A message to process.
    case message(KafkaMessage)
    /// A consumer error (most are informational and librdkafka recovers by itself).
    case error(KafkaError)
}

/// A change of the consumer's assignment, reported synchronously on the polling thread.
public enum RebalanceEvent: Sendable, Equatable {
    /// These partitions were just assigned (already assigned when the handler runs, so it may pause them).
    case assigned([TopicPartition])
    /// These partitions are about to be revoked: commit finished work now; they are unassigned
    /// right after the handler returns.
    case revoked([TopicPartition])
    /// The rebalance failed; the wrapper drops the whole assignment.
    case failed(KafkaError)
}

/// librdkafka's read isolation for transactional producers.
public enum IsolationLevel: String, Sendable {
    /// Only messages of committed transactions (librdkafka's default).
    case readCommitted = "read_committed"
    /// Everything, including aborted transactions.
    case readUncommitted = "read_uncommitted"
}
