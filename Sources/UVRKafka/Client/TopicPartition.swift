internal import CRdKafka

/// A topic and one of its partitions.
public struct TopicPartition: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The topic name.
    public let topic: String
    /// The partition number.
    public let partition: Int32

    /// Creates a topic-partition.
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)[\(partition)]" }

    public static func < (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }
}

/// A partition and an offset, e.g. the next offset to consume (last done + 1) to commit.
public struct TopicPartitionOffset: Hashable, Sendable, CustomStringConvertible {
    /// The topic name.
    public let topic: String
    /// The partition number.
    public let partition: Int32
    /// The offset.
    public let offset: Int64

    /// Creates a topic-partition-offset.
    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    /// The topic-partition without the offset.
    public var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }

    public var description: String { "\(topic)[\(partition)]@\(offset)" }
}

/// An owned rd_kafka_topic_partition_list_t, destroyed in deinit.
final class PartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    /// A list of the partitions, offsets unset.
    init(_ partitions: [TopicPartition]) {
        pointer = rd_kafka_topic_partition_list_new(Int32(clamping: partitions.count))
        for partition in partitions {
            rd_kafka_topic_partition_list_add(pointer, partition.topic, partition.partition)
        }
    }

    /// A list of the partitions with their offsets set.
    init(_ offsets: [TopicPartitionOffset]) {
        pointer = rd_kafka_topic_partition_list_new(Int32(clamping: offsets.count))
        for item in offsets {
            rd_kafka_topic_partition_list_add(pointer, item.topic, item.partition).pointee.offset = item.offset
        }
    }

    /// Takes over a list librdkafka handed us.
    init(owning pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        self.pointer = pointer
    }

    deinit { rd_kafka_topic_partition_list_destroy(pointer) }

    /// Reads a list librdkafka owns (e.g. in a rebalance callback).
    static func elements(of list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [rd_kafka_topic_partition_t] {
        (0..<Int(list.pointee.cnt)).map { list.pointee.elems[$0] }
    }

    /// The partitions of a list librdkafka owns.
    static func partitions(of list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [TopicPartition] {
        elements(of: list).map { TopicPartition(topic: String(cString: $0.topic), partition: $0.partition) }
    }

    /// The elements of this list.
    var elements: [rd_kafka_topic_partition_t] { Self.elements(of: pointer) }

    /// The partitions of this list.
    var partitions: [TopicPartition] { Self.partitions(of: pointer) }

    /// The first per-partition error in the list, if any.
    func firstError(context: String) -> KafkaError? {
        for element in elements where element.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            return KafkaError(element.err, context: "\(context) \(String(cString: element.topic))[\(element.partition)]")
        }
        return nil
    }
}
