import Testing
@testable import UVRKafka

@Suite struct DevBrokerTests {
    @Test func bootstrapListsEveryBrokerOnLoopback() throws {
        let broker = try DevBroker(brokers: 3)
        let servers = broker.bootstrapServers.split(separator: ",")
        #expect(servers.count == 3)
        #expect(servers.allSatisfy { $0.hasPrefix("127.0.0.1:") })
    }

    @Test func downedBrokerFailsQueriesUntilItIsUpAgain() async throws {
        let cluster = try TestCluster(topics: ["t": 1])
        let query = try OffsetsQuery(config: cluster.config(["reconnect.backoff.ms": "10", "reconnect.backoff.max.ms": "100"]))
        defer { query.close(timeout: .seconds(2)) }
        let partition = TopicPartition(topic: "t", partition: 0)
        #expect(try await query.watermarks(of: partition, timeout: .seconds(20)).high == 0)
        try cluster.broker.setBrokerDown(1)
        await #expect(throws: KafkaError.self) { try await query.watermarks(of: partition, timeout: .seconds(1)) }
        try cluster.broker.setBrokerUp(1)
        #expect(try await query.watermarks(of: partition, timeout: .seconds(20)).high == 0)
    }

    @Test func roundTripTimeBeyondTheDeadlineTimesOut() async throws {
        let cluster = try TestCluster(topics: ["slow": 1])
        let query = try OffsetsQuery(config: cluster.config())
        defer { query.close(timeout: .seconds(2)) }
        let partition = TopicPartition(topic: "slow", partition: 0)
        _ = try await query.partitions(of: "slow", timeout: .seconds(5))
        try cluster.broker.setRoundTripTime(1, .seconds(3))
        do {
            _ = try await query.watermarks(of: partition, timeout: .milliseconds(500))
            Issue.record("a 3 s round trip answered within 500 ms")
        } catch {
            #expect(error.code == .timedOut, "\(error)")
        }
        try cluster.broker.setRoundTripTime(1, .zero)
    }

    @Test func unknownBrokerIdIsAnError() throws {
        let broker = try DevBroker(brokers: 1)
        #expect(throws: KafkaError.self) { try broker.setBrokerDown(7) }
    }
}
