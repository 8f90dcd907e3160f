import UVRKafka

/// Which offsets may be committed while up to N tasks finish in any order.
///
/// Per partition it records the offsets handed out (in hand-out order) and their state. The
/// committable offset is the last offset of the finished prefix + 1: it never passes a task that
/// is still running or was abandoned. Pure value type: no Kafka, no clock, no locks (the poll
/// loop owns it).
public struct OffsetTracker: Sendable {
    /// A topic partition (the Kafka layer's own type).
    public typealias Partition = TopicPartition

    private enum TaskState { case running, finished, abandoned }

    private struct PartitionState {
        /// Offsets handed out and not yet retired into the finished prefix, ascending.
        var outstanding: [Int64] = []
        var head = 0
        var states: [Int64: TaskState] = [:]
        /// Last offset of the finished prefix.
        var lastFinishedInPrefix: Int64?
        /// Last offset reported by `markCommitted` (the next offset to consume).
        var committed: Int64?

        var committable: Int64? {
            guard let last = lastFinishedInPrefix else { return nil }
            let candidate = last + 1
            if let committed, committed >= candidate { return nil }
            return candidate
        }

        mutating func retirePrefix() {
            while head < outstanding.count, states[outstanding[head]] == .finished {
                let offset = outstanding[head]
                states[offset] = nil
                lastFinishedInPrefix = offset
                head += 1
            }
            if head > 64 && head * 2 > outstanding.count {
                outstanding.removeFirst(head)
                head = 0
            }
        }
    }

    private var partitions: [Partition: PartitionState] = [:]

    public init() {}

    /// Records that the task at `offset` was handed to a worker. Returns false (and changes
    /// nothing) when that offset is already tracked or does not follow the finished prefix.
    @discardableResult
    public mutating func started(_ partition: Partition, offset: Int64) -> Bool {
        var state = partitions[partition] ?? PartitionState()
        guard state.states[offset] == nil else { return false }
        if let last = state.lastFinishedInPrefix, offset <= last { return false }
        if let tail = state.outstanding.last, state.head < state.outstanding.count, offset < tail {
            let index = state.outstanding[state.head...].firstIndex { $0 > offset } ?? state.outstanding.count
            state.outstanding.insert(offset, at: index)
        } else {
            state.outstanding.append(offset)
        }
        state.states[offset] = .running
        partitions[partition] = state
        return true
    }

    /// Records that the task at `offset` finished (its result is acknowledged). Returns false when
    /// the offset is unknown (never started, revoked, or abandoned): such a finish is ignored.
    @discardableResult
    public mutating func finished(_ partition: Partition, offset: Int64) -> Bool {
        guard var state = partitions[partition], state.states[offset] == .running else { return false }
        state.states[offset] = .finished
        state.retirePrefix()
        partitions[partition] = state
        return true
    }

    /// Records that the task at `offset` was abandoned at shutdown: it stays in place and blocks
    /// every commit at or past it. Returns false when the offset was not running.
    @discardableResult
    public mutating func abandoned(_ partition: Partition, offset: Int64) -> Bool {
        guard var state = partitions[partition], state.states[offset] == .running else { return false }
        state.states[offset] = .abandoned
        partitions[partition] = state
        return true
    }

    /// The offsets to commit now (next offset to consume), only where they advance past what was
    /// last marked committed.
    public func committable() -> [Partition: Int64] {
        var result: [Partition: Int64] = [:]
        for (partition, state) in partitions {
            if let offset = state.committable { result[partition] = offset }
        }
        return result
    }

    /// The committable offset of one partition, or nil when nothing new may be committed.
    public func committable(_ partition: Partition) -> Int64? {
        partitions[partition]?.committable
    }

    /// Records a successful commit of `offset` (the next offset to consume) for `partition`.
    public mutating func markCommitted(_ partition: Partition, offset: Int64) {
        guard var state = partitions[partition] else { return }
        state.committed = max(state.committed ?? offset, offset)
        partitions[partition] = state
    }

    /// Drops a revoked partition's state and returns the offset to commit for it first (nil when
    /// nothing new is committable). Later finishes for its offsets are ignored.
    public mutating func revoke(_ partition: Partition) -> Int64? {
        partitions.removeValue(forKey: partition)?.committable
    }

    /// Tasks handed out and neither finished nor abandoned.
    public var runningCount: Int {
        partitions.values.reduce(0) { total, state in total + state.states.values.count { $0 == .running } }
    }

    /// Running offsets of one partition, ascending.
    public func running(_ partition: Partition) -> [Int64] {
        guard let state = partitions[partition] else { return [] }
        return state.outstanding[state.head...].filter { state.states[$0] == .running }
    }

    /// Partitions with any tracked state.
    public var trackedPartitions: Set<Partition> { Set(partitions.keys) }
}
