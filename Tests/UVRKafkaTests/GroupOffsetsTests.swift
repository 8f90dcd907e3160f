import Testing
@testable import UVRKafka

/// Statistics (consumer lag) and the primitives of `offsets reset`, against the mock cluster.
@Suite struct GroupOffsetsTests {
    @Test func statisticsServedByPollReportTheConsumerLag() async throws {
        let cluster = try TestCluster(topics: ["lagging": 1])
        _ = try await cluster.produce(5, to: "lagging")
        let latest = Locked<[TopicPartition: Int64]?>(nil)
        var statisticsConfig = cluster.config(["statistics.interval.ms": "200"])
        statisticsConfig.statisticsHandler = { json in
            if let lag = ConsumerLag.fromStatistics(json), !lag.isEmpty { latest.withLock { $0 = lag } }
        }
        let config = statisticsConfig
        let partition = TopicPartition(topic: "lagging", partition: 0)
        try await onThread {
            let consumer = try Consumer(config: config, groupID: "laggers")
            defer { consumer.close(timeout: .seconds(10)) }
            try consumer.subscribe(topics: ["lagging"])
            #expect(try pollUntil([consumer], deadline: .seconds(20)) { try consumer.assignment() == [partition] })
            try consumer.commit(offsets: [TopicPartitionOffset(topic: "lagging", partition: 0, offset: 2)])
            #expect(pollUntil([consumer], deadline: .seconds(20)) { latest.withLock { $0?[partition] } == 3 })
        }
    }

    @Test func standaloneCommitMovesAFreshGroupAndIsRefusedForAJoinedOne() async throws {
        let cluster = try TestCluster(topics: ["moves": 2])
        _ = try await cluster.produce(6, to: "moves")
        let config = cluster.config()
        let query = try OffsetsQuery(config: config)
        defer { query.close(timeout: .seconds(2)) }
        let target = [TopicPartitionOffset(topic: "moves", partition: 0, offset: 1), TopicPartitionOffset(topic: "moves", partition: 1, offset: 0)]
        try await onThread { try query.commitOffsets(group: "fresh", target, timeout: .seconds(5)) }
        let partitions = target.map(\.topicPartition)
        #expect(try await query.committedOffsets(group: "fresh", partitions: partitions, timeout: .seconds(5))
                == [partitions[0]: 1, partitions[1]: 0])
        #expect(try await onThread { try query.allTopics(timeout: .seconds(5)) }["moves"] == [0, 1])

        try await onThread {
            let member = try Consumer(config: config, groupID: "busy")
            defer { member.close(timeout: .seconds(10)) }
            try member.subscribe(topics: ["moves"])
            #expect(try pollUntil([member], deadline: .seconds(20)) { try member.assignment().count == 2 })
            let refusal = #expect(throws: KafkaError.self) { try query.commitOffsets(group: "busy", target, timeout: .seconds(5)) }
            #expect(refusal?.code == .groupNotEmpty)
        }
        #expect(try await query.committedOffsets(group: "busy", partitions: partitions, timeout: .seconds(5)).isEmpty)
    }
}
