import Testing
@testable import UVRKafka

@Suite struct ConsumerTests {
    @Test func consumesInAGroupAndCommitsExplicitOffsets() async throws {
        let cluster = try TestCluster(topics: ["tasks": 2])
        let produced = try await cluster.produce(6, to: "tasks")
        let config = cluster.config()
        let committed = try await onThread { () -> [TopicPartition: Int64] in
            let consumer = try Consumer(config: config, groupID: "workers")
            try consumer.subscribe(topics: ["tasks"])
            var received: [KafkaMessage] = []
            let gotAll = pollUntil([consumer], deadline: .seconds(20), onMessage: { _, message in received.append(message) }) {
                received.count == produced.count
            }
            #expect(gotAll)
            #expect(Set(received.map(\.keyString)) == Set((0..<6).map { "k\($0)" }))
            // Commit "last done + 1" for everything but the last message of each partition.
            let offsets = Dictionary(grouping: received, by: \.topicPartition).map { partition, messages in
                TopicPartitionOffset(topic: partition.topic, partition: partition.partition, offset: messages.map(\.offset).max()!)
            }
            try consumer.commit(offsets: offsets)
            let readBack = try consumer.committed(partitions: offsets.map(\.topicPartition), timeout: .seconds(5))
            #expect(readBack == Dictionary(uniqueKeysWithValues: offsets.map { ($0.topicPartition, $0.offset) }))
            #expect(consumer.close(timeout: .seconds(10)).isClean)
            return readBack
        }
        // Another client reads the same offsets without joining the group.
        let query = try OffsetsQuery(config: config)
        defer { query.close(timeout: .seconds(2)) }
        let partitions = [0, 1].map { TopicPartition(topic: "tasks", partition: $0) }
        let fromQuery = try await query.committedOffsets(group: "workers", partitions: partitions, timeout: .seconds(5))
        #expect(fromQuery == committed)
        #expect(try await query.committedOffsets(group: "nobody", partitions: partitions, timeout: .seconds(5)).isEmpty)
    }

    @Test func assignedConsumerReadsFromTheGivenOffsetsWithoutJoining() async throws {
        let cluster = try TestCluster(topics: ["results": 2])
        let produced = try await cluster.produce(10, to: "results")
        let config = cluster.config()
        // Start each partition after its first message: only the later ones may arrive.
        let firstOffsets = Dictionary(grouping: produced, by: \.partition).mapValues { $0.map(\.offset).min()! }
        let start = firstOffsets.map { TopicPartitionOffset(topic: "results", partition: $0.key, offset: $0.value + 1) }
        let expected = Set(produced.filter { $0.offset > firstOffsets[$0.partition]! }.map { "\($0.partition)@\($0.offset)" })
        let received = try await onThread { () -> Set<String> in
            let reader = try Consumer(config: config, groupID: "reader-\(UInt32.random(in: 0...UInt32.max))")
            defer { reader.close(timeout: .seconds(5)) }
            try reader.assign(start)
            #expect(try reader.assignment() == start.map(\.topicPartition).sorted())
            var seen: Set<String> = []
            _ = pollUntil([reader], deadline: .seconds(10), onMessage: { _, message in seen.insert("\(message.partition)@\(message.offset)") }) {
                seen.count >= expected.count
            }
            return seen
        }
        #expect(received == expected)
    }

    @Test func pausedPartitionYieldsNothingUntilResumed() async throws {
        let cluster = try TestCluster(topics: ["jobs": 2])
        let config = cluster.config()
        try await onThread {
            let consumer = try Consumer(config: config, groupID: "pausers")
            defer { consumer.close(timeout: .seconds(10)) }
            try consumer.subscribe(topics: ["jobs"])
            #expect(try pollUntil([consumer], deadline: .seconds(20)) { try consumer.assignment().count == 2 })
            let paused = TopicPartition(topic: "jobs", partition: 0)
            try consumer.pause([paused])
            // Produce one message into each partition (explicit keys land wherever: produce enough for both).
            let producer = try Producer(config: config)
            let reports = Collected<DeliveryReport>()
            for index in 0..<20 {
                try producer.produce(topic: "jobs", key: Array("key\(index)".utf8), value: [UInt8(index)]) { if case .success(let r) = $0 { reports.append(r) } }
            }
            #expect(producer.close(timeout: .seconds(10)).isClean)
            let inPaused = reports.values.filter { $0.partition == 0 }.count
            let inOther = reports.values.count - inPaused
            #expect(inPaused > 0 && inOther > 0)

            var received: [KafkaMessage] = []
            _ = pollUntil([consumer], deadline: .seconds(4), onMessage: { _, message in received.append(message) }) { false }
            #expect(received.count == inOther)
            #expect(received.allSatisfy { $0.partition == 1 })

            try consumer.resume([paused])
            received.removeAll()
            #expect(pollUntil([consumer], deadline: .seconds(10), onMessage: { _, message in received.append(message) }) { received.count == inPaused })
            #expect(received.allSatisfy { $0.partition == 0 })
        }
    }

    @Test func closeLeavesTheGroupSoTheOtherConsumerOwnsAllPartitions() async throws {
        let cluster = try TestCluster(topics: ["songs": 4])
        _ = try await cluster.produce(8, to: "songs")
        // The mock broker's rebalance after a member leaves waits session.timeout.ms - 1 s, and a
        // first join ~3 s: the minimum session timeout (6 s) and generous polling deadlines.
        let config = cluster.config()
        let events = Collected<RebalanceEvent>()
        let (revokeCommitted, committedAfter) = try await onThread { () -> ([TopicPartition: Int64], [TopicPartition: Int64]) in
            let doneByFirst = Locked<[TopicPartition: Int64]>([:])
            let first = try Consumer(config: config, groupID: "pair") { consumer, event in
                events.append(event)
                // Commit finished work on revoke, before the partitions go away.
                if case .revoked(let partitions) = event {
                    let offsets = partitions.compactMap { p in doneByFirst.value[p].map { TopicPartitionOffset(topic: p.topic, partition: p.partition, offset: $0 + 1) } }
                    try? consumer.commit(offsets: offsets)
                }
            }
            let second = try Consumer(config: config, groupID: "pair")
            defer { second.close(timeout: .seconds(10)) }
            try first.subscribe(topics: ["songs"])
            try second.subscribe(topics: ["songs"])
            let recordDone: (Consumer, KafkaMessage) -> Void = { consumer, message in
                if consumer === first { doneByFirst.withLock { $0[message.topicPartition] = message.offset } }
            }
            let shared = try pollUntil([first, second], deadline: .seconds(30), onMessage: recordDone) {
                try !first.assignment().isEmpty && !second.assignment().isEmpty && !doneByFirst.value.isEmpty
            }
            #expect(shared, "both consumers should hold partitions and the first should have consumed some")
            let firstPartitions = try first.assignment()
            let expectedCommits = doneByFirst.value.filter { firstPartitions.contains($0.key) }.mapValues { $0 + 1 }

            let report = first.close(timeout: .seconds(10))
            #expect(report.isClean)
            let all = (0..<4).map { TopicPartition(topic: "songs", partition: $0) }
            let tookOver = try pollUntil([second], deadline: .seconds(25)) { try second.assignment() == all }
            #expect(tookOver, "after the first consumer left, the second should own every partition")
            return (expectedCommits, try second.committed(partitions: all, timeout: .seconds(5)))
        }
        #expect(events.values.contains { if case .revoked = $0 { true } else { false } })
        #expect(!revokeCommitted.isEmpty)
        for (partition, offset) in revokeCommitted {
            #expect(committedAfter[partition] == offset, "offset committed on revoke for \(partition)")
        }
    }

    @Test func injectedCommitErrorIsThrownByCommit() async throws {
        let cluster = try TestCluster(topics: ["work": 1])
        _ = try await cluster.produce(1, to: "work")
        let config = cluster.config()
        let broker = cluster.broker
        try await onThread {
            let consumer = try Consumer(config: config, groupID: "committers")
            try consumer.subscribe(topics: ["work"])
            var received: KafkaMessage?
            #expect(pollUntil([consumer], deadline: .seconds(20), onMessage: { _, message in received = message }) { received != nil })
            let message = try #require(received)
            broker.injectErrors(.offsetCommit, .groupAuthorizationFailed, count: 1)
            #expect {
                try consumer.commit(offsets: [message.nextOffset])
            } throws: { error in
                (error as? KafkaError)?.name == "GROUP_AUTHORIZATION_FAILED"
            }
            try consumer.commit(offsets: [message.nextOffset])
            #expect(try consumer.committed(partitions: [message.topicPartition], timeout: .seconds(5)) == [message.topicPartition: message.offset + 1])
            #expect(consumer.close(timeout: .seconds(10)).isClean)
            #expect(consumer.close(timeout: .seconds(10)).isClean, "a second close is a no-op")
            #expect(consumer.poll(timeout: .milliseconds(10)) == nil)
            #expect(throws: KafkaError.self) { try consumer.commit(offsets: [message.nextOffset]) }
        }
    }
}
