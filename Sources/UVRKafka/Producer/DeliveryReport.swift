/// Where the broker stored a produced message, after it acknowledged it.
public struct DeliveryReport: Sendable, Hashable {
    /// The topic written to.
    public let topic: String
    /// The partition the message landed in.
    public let partition: Int32
    /// The message's offset in that partition.
    public let offset: Int64
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
