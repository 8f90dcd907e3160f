/// Where the broker stored a produced message, after it acknowledged it.
public struct DeliveryReport: Sendable, Hashable {
    /// The topic and partition the message landed in.
    public let topicPartition: TopicPartition
    /// The message's offset in that partition.
    public let offset: Int64

    /// Creates a report (for fakes in other modules' tests; real ones come from the broker).
    public init(topicPartition: TopicPartition, offset: Int64) {
        self.topicPartition = topicPartition
        self.offset = offset
    }

    /// The topic written to.
    public var topic: String { topicPartition.topic }
    /// The partition written to.
    public var partition: Int32 { topicPartition.partition }
}

/// What a close did: whether everything was delivered and the handle was freed in time.
public struct CloseReport: Sendable, Equatable {
    /// Messages that were still undelivered when the close gave up waiting (producer only).
    public var undeliveredMessages: Int = 0
    /// The error of a close step (e.g. leaving the group), if one failed.
    public var error: KafkaError?
    /// True when destroying the librdkafka handle hung past the limit and it was abandoned.
    public var abandoned: Bool = false

    /// Everything delivered, the group left, the handle freed.
    public var isClean: Bool { undeliveredMessages == 0 && error == nil && !abandoned }
}
