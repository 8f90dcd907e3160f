import Foundation
import Testing
@testable import UVRKafka

@Suite struct OffsetsQueryTests {
    @Test func partitionsAndWatermarksFollowTheLog() async throws {
        let cluster = try TestCluster(topics: ["events": 3])
        let reports = try await cluster.produce(9, to: "events")
        let query = try OffsetsQuery(config: cluster.config())
        defer { query.close(timeout: .seconds(2)) }
        #expect(try await query.partitions(of: "events", timeout: .seconds(5)) == [0, 1, 2])
        for partition in Int32(0)..<3 {
            let marks = try await query.watermarks(of: TopicPartition(topic: "events", partition: partition), timeout: .seconds(5))
            #expect(marks.low == 0)
            #expect(marks.high == Int64(reports.filter { $0.partition == partition }.count))
        }
    }

    @Test func unknownTopicIsAClearError() async throws {
        let cluster = try TestCluster(topics: ["present": 1])
        let query = try OffsetsQuery(config: cluster.config())
        defer { query.close(timeout: .seconds(2)) }
        do {
            _ = try await query.partitions(of: "absent", timeout: .seconds(5))
            Issue.record("metadata listed a topic that does not exist")
        } catch {
            #expect(error.code == .unknownTopicOrPartition)
            #expect(error.message.contains("absent"))
        }
    }

    @Test(arguments: ["metadata", "watermarks", "committed"])
    func unreachableBrokerIsAClearErrorWithinTheDeadline(_ call: String) async throws {
        let query = try OffsetsQuery(config: KafkaConfig(bootstrapServers: "127.0.0.1:1"))
        defer { query.close(timeout: .seconds(2)) }
        let partition = TopicPartition(topic: "t", partition: 0)
        // Timed on a thread of its own with the blocking API, so a busy test pool cannot add
        // its own delay to what is measured.
        let (elapsed, outcome) = await timedOnOwnThread { () throws(KafkaError) in
            switch call {
            case "metadata": _ = try query.partitions(of: "t", timeout: .seconds(2))
            case "watermarks": _ = try query.watermarks(of: partition, timeout: .seconds(2))
            default: _ = try query.committedOffsets(group: "g", partitions: [partition], timeout: .seconds(2))
            }
        }
        switch outcome {
        case .success:
            Issue.record("\(call) succeeded against 127.0.0.1:1")
        case .failure(let error):
            #expect(error.isUnreachable, "\(error)")
            #expect(error.message.contains("127.0.0.1:1"), "\(error)")
        }
        // Generous bound: the 2 s deadline plus teardown, far from "hangs".
        #expect(elapsed < .seconds(10))
    }

    @Test func groupDescribeOnTheDevBrokerIsUnsupportedAndDoesNotHang() async throws {
        let cluster = try TestCluster(topics: ["t": 1])
        let query = try OffsetsQuery(config: cluster.config())
        defer { query.close(timeout: .seconds(2)) }
        for _ in 0..<2 {
            do {
                let description = try await query.describeGroup("g", timeout: .seconds(3))
                Issue.record("the dev broker described group \(description.groupID)")
            } catch {
                #expect(error.code == .unsupported, "\(error)")
            }
        }
    }
}

/// Runs blocking `body` on a new thread and returns how long it took there, and its outcome.
private func timedOnOwnThread(_ body: @escaping @Sendable () throws(KafkaError) -> Void) async -> (Duration, Result<Void, KafkaError>) {
    await withCheckedContinuation { continuation in
        Thread {
            let started = ContinuousClock.now
            let outcome: Result<Void, KafkaError>
            do throws(KafkaError) { try body(); outcome = .success(()) } catch { outcome = .failure(error) }
            continuation.resume(returning: (ContinuousClock.now - started, outcome))
        }.start()
    }
}
