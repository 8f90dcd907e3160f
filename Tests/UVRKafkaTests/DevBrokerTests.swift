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
        // A loaded machine (the whole suite runs in parallel) can be slow to connect: a query that
        // must succeed gets a minute, asked in 10 s attempts.
        func highWatermarkWithinAMinute() async -> (Int64?, KafkaError?) {
            var lastError: KafkaError?
            for _ in 0..<6 {
                do {
                    return (try await query.watermarks(of: partition, timeout: .seconds(10)).high, nil)
                } catch {
                    lastError = error
                }
            }
            return (nil, lastError)
        }
        let (before, beforeError) = await highWatermarkWithinAMinute()
        #expect(before == 0, "no answer from the running broker: \(String(describing: beforeError))")
        try cluster.broker.setBrokerDown(1)
        await #expect(throws: KafkaError.self) { try await query.watermarks(of: partition, timeout: .seconds(1)) }
        try cluster.broker.setBrokerUp(1)
        let (after, afterError) = await highWatermarkWithinAMinute()
        #expect(after == 0, "no answer after the broker came back: \(String(describing: afterError))")
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
