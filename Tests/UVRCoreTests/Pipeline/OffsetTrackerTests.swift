import Testing
@testable import UVRCore

@Suite struct OffsetTrackerTests {
    let p0 = OffsetTracker.Partition(topic: "t", partition: 0)
    let p1 = OffsetTracker.Partition(topic: "t", partition: 1)

    @Test func nothingCommittableUntilSomethingFinishes() {
        var tracker = OffsetTracker()
        #expect(tracker.committable().isEmpty)
        tracker.started(p0, offset: 10)
        #expect(tracker.committable().isEmpty)
        #expect(tracker.runningCount == 1)
        tracker.finished(p0, offset: 10)
        #expect(tracker.committable() == [p0: 11])
        #expect(tracker.runningCount == 0)
    }

    @Test func outOfOrderFinishNeverPassesARunningTask() {
        var tracker = OffsetTracker()
        for offset in Int64(5)...8 { tracker.started(p0, offset: offset) }
        tracker.finished(p0, offset: 7)
        tracker.finished(p0, offset: 6)
        #expect(tracker.committable(p0) == nil)
        tracker.finished(p0, offset: 5)
        #expect(tracker.committable(p0) == 8)
        #expect(tracker.running(p0) == [8])
        tracker.finished(p0, offset: 8)
        #expect(tracker.committable(p0) == 9)
    }

    @Test func gapsInOffsetsAreContiguousInHandOutOrder() {
        // Transaction markers and compaction leave holes: 3, 7, 9 are consecutive tasks.
        var tracker = OffsetTracker()
        for offset: Int64 in [3, 7, 9] { tracker.started(p0, offset: offset) }
        tracker.finished(p0, offset: 9)
        tracker.finished(p0, offset: 3)
        #expect(tracker.committable(p0) == 4)
        tracker.finished(p0, offset: 7)
        #expect(tracker.committable(p0) == 10)
    }

    @Test func partitionsAreIndependent() {
        var tracker = OffsetTracker()
        tracker.started(p0, offset: 0)
        tracker.started(p1, offset: 100)
        tracker.started(p1, offset: 101)
        tracker.finished(p1, offset: 101)
        tracker.finished(p0, offset: 0)
        #expect(tracker.committable() == [p0: 1])
        tracker.finished(p1, offset: 100)
        #expect(tracker.committable() == [p0: 1, p1: 102])
    }

    @Test func markCommittedHidesWhatWasCommitted() {
        var tracker = OffsetTracker()
        tracker.started(p0, offset: 0)
        tracker.started(p0, offset: 1)
        tracker.finished(p0, offset: 0)
        tracker.markCommitted(p0, offset: 1)
        #expect(tracker.committable().isEmpty)
        tracker.finished(p0, offset: 1)
        #expect(tracker.committable() == [p0: 2])
        tracker.markCommitted(p0, offset: 1) // a late, older commit report never moves it back
        tracker.markCommitted(p0, offset: 2)
        #expect(tracker.committable().isEmpty)
    }

    @Test func abandonedOffsetBlocksCommitsAtAndPastIt() {
        var tracker = OffsetTracker()
        for offset in Int64(0)...3 { tracker.started(p0, offset: offset) }
        tracker.finished(p0, offset: 0)
        do { let accepted = tracker.abandoned(p0, offset: 1); #expect(accepted) }
        tracker.finished(p0, offset: 2)
        tracker.finished(p0, offset: 3)
        #expect(tracker.committable() == [p0: 1])
        do { let accepted = tracker.finished(p0, offset: 1); #expect(!accepted, "a finish after abandonment is ignored") }
        #expect(tracker.committable() == [p0: 1])
        #expect(tracker.runningCount == 0)
    }

    @Test func revokeReturnsCommittableThenForgetsThePartition() {
        var tracker = OffsetTracker()
        for offset in Int64(0)...2 { tracker.started(p0, offset: offset) }
        tracker.started(p1, offset: 0)
        tracker.finished(p0, offset: 0)
        tracker.finished(p0, offset: 2)
        #expect(tracker.revoke(p0) == 1)
        do { let accepted = tracker.finished(p0, offset: 1); #expect(!accepted, "finishing a revoked partition's task is ignored") }
        #expect(tracker.committable(p0) == nil)
        #expect(tracker.trackedPartitions == [p1])
        #expect(tracker.revoke(p1) == nil)
        // Reassigned later, it starts afresh from the redelivered offset.
        tracker.started(p0, offset: 1)
        tracker.finished(p0, offset: 1)
        #expect(tracker.committable(p0) == 2)
    }

    @Test func duplicatesUnknownAndStaleOffsetsAreRefused() {
        var tracker = OffsetTracker()
        do { let accepted = tracker.started(p0, offset: 4); #expect(accepted) }
        do { let accepted = tracker.started(p0, offset: 4); #expect(!accepted) }
        do { let accepted = tracker.finished(p0, offset: 5); #expect(!accepted) }
        do { let accepted = tracker.finished(p1, offset: 4); #expect(!accepted) }
        do { let accepted = tracker.finished(p0, offset: 4); #expect(accepted) }
        do { let accepted = tracker.finished(p0, offset: 4); #expect(!accepted) }
        do { let accepted = tracker.started(p0, offset: 3); #expect(!accepted, "an offset below the finished prefix is stale") }
        #expect(tracker.committable(p0) == 5)
    }

    @Test func lateStartedLowerOffsetIsOrderedAndBlocks() {
        var tracker = OffsetTracker()
        tracker.started(p0, offset: 10)
        tracker.started(p0, offset: 8)
        tracker.finished(p0, offset: 10)
        #expect(tracker.committable(p0) == nil)
        tracker.finished(p0, offset: 8)
        #expect(tracker.committable(p0) == 11)
    }

    /// Model check: random concurrency, random completion order, random commits and abandons;
    /// after every step the committable offset equals a brute-force recomputation and never
    /// passes a running or abandoned task.
    @Test(arguments: 0..<40)
    func randomizedOrdersMatchTheModel(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var tracker = OffsetTracker()
        let partitions = [p0, p1]
        var next: [OffsetTracker.Partition: Int64] = [p0: 0, p1: 1000]
        var handedOut: [OffsetTracker.Partition: [Int64]] = [p0: [], p1: []]
        var done: Set<String> = []
        var running: [(OffsetTracker.Partition, Int64)] = []
        var abandoned: [(OffsetTracker.Partition, Int64)] = []
        let concurrency = Int.random(in: 1...6, using: &random)
        var lastCommitted: [OffsetTracker.Partition: Int64] = [:]

        for _ in 0..<400 {
            if running.count < concurrency && Bool.random(using: &random) {
                let partition = partitions.randomElement(using: &random)!
                let offset = next[partition]! + Int64.random(in: 0...1, using: &random) // holes sometimes
                next[partition] = offset + 1
                do { let accepted = tracker.started(partition, offset: offset); #expect(accepted) }
                handedOut[partition]!.append(offset)
                running.append((partition, offset))
            } else if !running.isEmpty {
                let (partition, offset) = running.remove(at: Int.random(in: 0..<running.count, using: &random))
                if Int.random(in: 0..<20, using: &random) == 0 {
                    do { let accepted = tracker.abandoned(partition, offset: offset); #expect(accepted) }
                    abandoned.append((partition, offset))
                } else {
                    do { let accepted = tracker.finished(partition, offset: offset); #expect(accepted) }
                    done.insert("\(partition)/\(offset)")
                }
            }
            for partition in partitions {
                // Brute force: the last offset of the finished prefix, + 1.
                var expected: Int64?
                for offset in handedOut[partition]! {
                    guard done.contains("\(partition)/\(offset)") else { break }
                    expected = offset + 1
                }
                if let committed = lastCommitted[partition], let value = expected, value <= committed { expected = nil }
                let actual = tracker.committable(partition)
                #expect(actual == expected, "seed \(seed) partition \(partition)")
                if let actual {
                    for (runningPartition, offset) in running + abandoned where runningPartition == partition {
                        #expect(offset >= actual)
                    }
                    if Bool.random(using: &random) {
                        tracker.markCommitted(partition, offset: actual)
                        lastCommitted[partition] = actual
                    }
                }
            }
        }
    }
}
