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
        let started = ContinuousClock.now
        do {
            switch call {
            case "metadata": _ = try await query.partitions(of: "t", timeout: .seconds(2))
            case "watermarks": _ = try await query.watermarks(of: partition, timeout: .seconds(2))
            default: _ = try await query.committedOffsets(group: "g", partitions: [partition], timeout: .seconds(2))
            }
            Issue.record("\(call) succeeded against 127.0.0.1:1")
        } catch {
            #expect(error.isUnreachable, "\(error)")
            #expect(error.message.contains("127.0.0.1:1"), "\(error)")
        }
        // Generous bound: the 2 s deadline plus teardown, far from "hangs".
        #expect(ContinuousClock.now - started < .seconds(10))
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
