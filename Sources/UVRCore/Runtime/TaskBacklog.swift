import UVRKafka

/// Messages received but not started yet, per partition, in offset order.
///
/// Tasks start from here in round-robin over partitions, so one busy partition cannot starve the
/// others. The loop pauses a partition whose backlog is full or whose oldest message has waited
/// long (its tasks are long: stop fetching, keep polling) and resumes it once the backlog drained.
/// Pure value type, owned by the poll loop.
struct TaskBacklog {
    /// A received message and when it arrived.
    private struct Waiting {
        let message: KafkaMessage
        let receivedAt: ContinuousClock.Instant
    }

    private var queues: [TopicPartition: [Waiting]] = [:]
    private var heads: [TopicPartition: Int] = [:]
    private var order: [TopicPartition] = []
    private var nextIndex = 0

    /// Messages waiting in all partitions.
    private(set) var count = 0

    /// Whether nothing is waiting.
    var isEmpty: Bool { count == 0 }

    /// Messages waiting in `partition`.
    func count(of partition: TopicPartition) -> Int {
        (queues[partition]?.count ?? 0) - (heads[partition] ?? 0)
    }

    /// How long the oldest message of `partition` has waited at `now`; nil when none waits.
    func oldestWait(of partition: TopicPartition, now: ContinuousClock.Instant) -> Duration? {
        guard let head = heads[partition], let queue = queues[partition], head < queue.count else { return nil }
        return now - queue[head].receivedAt
    }

    /// Partitions with messages waiting.
    var partitionsWaiting: [TopicPartition] { order.filter { count(of: $0) > 0 } }

    /// Appends a message received at `now` behind the others of its partition.
    mutating func append(_ message: KafkaMessage, at now: ContinuousClock.Instant) {
        let partition = message.topicPartition
        if queues[partition] == nil {
            queues[partition] = []
            heads[partition] = 0
            order.append(partition)
        }
        queues[partition]!.append(Waiting(message: message, receivedAt: now))
        count += 1
    }

    /// Takes the next message, visiting partitions in turn.
    mutating func next() -> KafkaMessage? {
        guard count > 0 else { return nil }
        for step in 0..<order.count {
            let index = (nextIndex + step) % order.count
            let partition = order[index]
            guard let head = heads[partition], let queue = queues[partition], head < queue.count else { continue }
            let message = queue[head].message
            if head + 1 == queue.count {
                queues[partition] = []
                heads[partition] = 0
            } else {
                heads[partition] = head + 1
            }
            count -= 1
            nextIndex = (index + 1) % order.count
            return message
        }
        return nil
    }

    /// Drops everything waiting in `partition` (revoked: the next owner reads it again).
    @discardableResult
    mutating func drop(_ partition: TopicPartition) -> Int {
        let dropped = count(of: partition)
        queues[partition] = nil
        heads[partition] = nil
        if let index = order.firstIndex(of: partition) {
            order.remove(at: index)
            if nextIndex > index { nextIndex -= 1 }
            if nextIndex >= order.count { nextIndex = 0 }
        }
        count -= dropped
        return dropped
    }

    /// Drops everything (shutdown: not started, so never committed, so redelivered).
    @discardableResult
    mutating func dropAll() -> Int {
        let dropped = count
        self = TaskBacklog()
        return dropped
    }
}
