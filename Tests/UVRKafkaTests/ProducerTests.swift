import Testing
@testable import UVRKafka

@Suite struct ProducerTests {
    @Test func sendReturnsTheBrokersOffsets() async throws {
        let cluster = try TestCluster(topics: ["orders": 1])
        let reports = try await cluster.produce(3, to: "orders")
        #expect(reports.map(\.offset) == [0, 1, 2])
        #expect(reports.allSatisfy { $0.topic == "orders" && $0.partition == 0 })
    }

    @Test func produceReportsEveryMessageThroughItsCallback() async throws {
        let cluster = try TestCluster(topics: ["bulk": 3])
        let producer = try Producer(config: cluster.config())
        let reports = Collected<Result<DeliveryReport, KafkaError>>()
        for index in 0..<200 {
            try producer.produce(topic: "bulk", key: Array("key-\(index)".utf8), value: Array("value-\(index)".utf8)) { reports.append($0) }
        }
        let report = try await onThread { producer.close(timeout: .seconds(10)) }
        #expect(report.isClean)
        let delivered = reports.values.compactMap { try? $0.get() }
        #expect(delivered.count == 200)
        // Per partition, offsets are exactly 0..<n: nothing lost, nothing duplicated.
        for partition in Set(delivered.map(\.partition)) {
            let offsets = delivered.filter { $0.partition == partition }.map(\.offset).sorted()
            #expect(offsets == Array(0..<Int64(offsets.count)))
        }
    }

    @Test func injectedProduceErrorReachesTheDeliveryReport() async throws {
        let cluster = try TestCluster(topics: ["refused": 1])
        cluster.broker.injectErrors(.produce, .topicAuthorizationFailed, count: 5)
        let producer = try Producer(config: cluster.config())
        defer { producer.close(timeout: .seconds(5)) }
        do {
            let report = try await producer.send(topic: "refused", key: nil, value: Array("x".utf8))
            Issue.record("delivery succeeded at \(report.offset) despite the injected error")
        } catch {
            #expect(error.name == "TOPIC_AUTHORIZATION_FAILED")
        }
    }

    @Test func produceAfterCloseThrowsClosed() async throws {
        let cluster = try TestCluster(topics: ["t": 1])
        let producer = try Producer(config: cluster.config())
        _ = try await onThread { producer.close(timeout: .seconds(5)) }
        #expect(throws: KafkaError.self) { try producer.produce(topic: "t", key: nil, value: [1]) { _ in } }
    }

    @Test func closeWithAnUnreachableBrokerGivesUpAndReportsUndelivered() async throws {
        let producer = try Producer(config: KafkaConfig(bootstrapServers: "127.0.0.1:1"))
        let reports = Collected<Result<DeliveryReport, KafkaError>>()
        try producer.produce(topic: "nowhere", key: nil, value: [1, 2, 3]) { reports.append($0) }
        let report = try await onThread { producer.close(timeout: .milliseconds(500)) }
        #expect(report.undeliveredMessages == 1)
        #expect(!report.isClean)
        #expect(reports.values.count == 1)
        #expect((try? reports.values.first?.get()) == nil)
    }
}
