import Foundation
import Synchronization
@testable import UVRKafka

/// Runs blocking librdkafka work on its own thread, never on the cooperative pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    let result: Result<T, any Error> = await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: Result { try body() }) }.start()
    }
    return try result.get()
}

/// A dev broker with topics, and configurations pointing at it.
struct TestCluster {
    let broker: DevBroker

    /// Starts a one-broker cluster with `topics` (name → partition count).
    init(topics: [String: Int], brokers: Int = 1) throws {
        broker = try DevBroker(brokers: brokers)
        for (name, partitions) in topics { try broker.createTopic(name, partitions: partitions) }
    }

    /// A configuration for clients of this cluster (session.timeout.ms as the mock broker needs).
    func config(_ extra: [String: String] = [:]) -> KafkaConfig {
        var properties = ["session.timeout.ms": "6000", "heartbeat.interval.ms": "500"]
        properties.merge(extra) { _, new in new }
        return KafkaConfig(bootstrapServers: broker.bootstrapServers, properties: properties)
    }

    /// Produces `count` messages keyed "k<i>" with value "v<i>" to `partition` (or by key) and waits for all reports.
    func produce(_ count: Int, to topic: String) async throws -> [DeliveryReport] {
        let producer = try Producer(config: config())
        defer { producer.close(timeout: .seconds(5)) }
        var reports: [DeliveryReport] = []
        for index in 0..<count {
            reports.append(try await producer.send(topic: topic, key: Array("k\(index)".utf8), value: Array("v\(index)".utf8)))
        }
        return reports
    }
}

/// Polls `consumers` in turn (short polls) until `done` holds or `deadline` passes; returns
/// whether `done` held. Every message polled is passed to `onMessage`.
func pollUntil(_ consumers: [Consumer], deadline: Duration, onMessage: (Consumer, KafkaMessage) -> Void = { _, _ in },
               _ done: () throws -> Bool) rethrows -> Bool {
    let end = ContinuousClock.now + deadline
    while ContinuousClock.now < end {
        if try done() { return true }
        for consumer in consumers {
            if case .message(let message)? = consumer.poll(timeout: .milliseconds(100)) { onMessage(consumer, message) }
        }
    }
    return try done()
}

/// Collects values from any thread.
final class Collected<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])
    func append(_ value: Value) { storage.withLock { $0.append(value) } }
    var values: [Value] { storage.withLock { $0 } }
}

/// A value shared between the test and librdkafka-driven callbacks.
final class Locked<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    init(_ value: Value) { storage = Mutex(value) }
    func withLock<R>(_ body: (inout Value) -> R) -> R { storage.withLock { body(&$0) } }
    var value: Value { storage.withLock { $0 } }
}
