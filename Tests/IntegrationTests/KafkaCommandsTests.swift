import Foundation
import Testing
import TestSupport
import UVRKafka

/// The real binary against a real `uvrctl broker` child process: send-test, offsets and their exit codes.
@Suite struct KafkaCommandsTests {
    /// What a consumer in group G read from the task topic and committed.
    private struct Consumed: Sendable {
        /// task_uuid → the task's JSON object.
        var tasks: [String: [String: String]] = [:]
        /// Messages per partition (the topic was empty before, so this is each log-end offset).
        var logEnd: [Int32: Int64] = [:]
        /// The offsets committed for G.
        var committed: [Int32: Int64] = [:]
    }

    /// Reads all `expected` messages of `topic` from the start in group `group` (assigned, no
    /// join) and commits, for the partition holding the most, only its first message.
    private func consumeAndCommitPart(bootstrap: String, topic: String, group: String, expected: Int) throws -> Consumed {
        let config = KafkaConfig(bootstrapServers: bootstrap)
        let query = try OffsetsQuery(config: config)
        defer { query.close(timeout: .seconds(2)) }
        let partitions = try query.partitions(of: topic, timeout: .seconds(10))
        let consumer = try Consumer(config: config, groupID: group)
        defer { consumer.close(timeout: .seconds(5)) }
        try consumer.assign(partitions.map { TopicPartitionOffset(topic: topic, partition: $0, offset: 0) })
        var consumed = Consumed()
        var firstOffset: [Int32: Int64] = [:]
        let deadline = ContinuousClock.now + .seconds(20)
        while consumed.tasks.count < expected, ContinuousClock.now < deadline {
            guard case .message(let message)? = consumer.poll(timeout: .milliseconds(200)) else { continue }
            let object = try JSONSerialization.jsonObject(with: Data(message.value)) as? [String: String] ?? [:]
            #expect(message.keyString == object["task_uuid"])
            consumed.tasks[message.keyString ?? ""] = object
            consumed.logEnd[message.partition, default: 0] += 1
            firstOffset[message.partition] = min(firstOffset[message.partition] ?? .max, message.offset)
        }
        guard consumed.tasks.count == expected else { throw TestSetupError(description: "read \(consumed.tasks.count) of \(expected) tasks") }
        let busiest = try #require(consumed.logEnd.max { $0.value < $1.value }?.key)
        let offset = try #require(firstOffset[busiest]) + 1
        try consumer.commit(offsets: [TopicPartitionOffset(topic: topic, partition: busiest, offset: offset)])
        consumed.committed[busiest] = offset
        return consumed
    }

    @Test func offsetsReportExactlyWhatAGroupCommittedInTheTableAndInJSON() async throws {
        try await blocking {
            let scratch = try TemporaryDirectory()
            let broker = try BrokerProcess(in: scratch)
            let input = try scratch.directory("in")

            let sent = try Uvrctl.run(["send-test", "--count", "5", "--input-dir", input] + broker.connection, scratch: scratch)
            #expect(sent.status == 0, "\(sent)")
            let uuids = sent.lines
            #expect(uuids.count == 5)
            #expect(uuids.allSatisfy { UUID(uuidString: $0) != nil && $0 == $0.lowercased() })
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: input)) == Set(uuids.map { $0 + ".wav" }))

            let consumed = try consumeAndCommitPart(bootstrap: broker.bootstrapServers, topic: "uvr-tasks", group: "G", expected: 5)
            #expect(Set(consumed.tasks.keys) == Set(uuids))
            for (uuid, task) in consumed.tasks {
                #expect(task == ["task_uuid": uuid, "audio_path": "\(input)/\(uuid).wav", "hook_url": "http://127.0.0.1:8080/uvr-hook"])
            }

            // Every partition is listed; the never-committed ones show "-" and their whole log as lag.
            var expectedRows: [[String]] = []
            var totalLag: Int64 = 0
            for partition in Int32(0)..<3 {
                let end = consumed.logEnd[partition] ?? 0
                let lag = end - (consumed.committed[partition] ?? 0)
                totalLag += lag
                expectedRows.append(["G", "uvr-tasks", String(partition), consumed.committed[partition].map(String.init) ?? "-",
                                     String(end), String(lag), "-", "-", "-"])
            }
            expectedRows.append(["G", "uvr-tasks", "TOTAL", "-", "5", String(totalLag), "-", "-", "-"])
            let table = try Uvrctl.run(["offsets", "--group", "G"] + broker.connection, scratch: scratch)
            #expect(table.status == 0, "\(table)")
            let cells = table.lines.map { $0.split(separator: " ").map(String.init) }
            #expect(cells.first == ["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"])
            #expect(Array(cells.dropFirst()) == expectedRows)

            let json = try Uvrctl.run(["offsets", "--group", "G", "--json"] + broker.connection, scratch: scratch)
            #expect(json.status == 0, "\(json)")
            let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]])
            #expect(objects.count == 3)
            for (partition, object) in objects.enumerated() {
                let committed = consumed.committed[Int32(partition)]
                let end = consumed.logEnd[Int32(partition)] ?? 0
                #expect(object["group"] as? String == "G")
                #expect(object["topic"] as? String == "uvr-tasks")
                #expect(object["partition"] as? Int == partition)
                #expect(committed.map { object["current_offset"] as? Int == Int($0) } ?? (object["current_offset"] is NSNull))
                #expect(object["log_end_offset"] as? Int == Int(end))
                #expect(object["lag"] as? Int == Int(end - (committed ?? 0)))
            }

            // --max-lag: at the largest lag it passes, one below it fails with 2.
            let maxLag = try #require(expectedRows.dropLast().compactMap { Int($0[5]) }.max())
            #expect(maxLag >= 1)
            let healthy = try Uvrctl.run(["offsets", "--group", "G", "--max-lag", String(maxLag)] + broker.connection, scratch: scratch)
            #expect(healthy.status == 0, "\(healthy)")
            let lagging = try Uvrctl.run(["offsets", "--group", "G", "--max-lag", String(maxLag - 1)] + broker.connection, scratch: scratch)
            #expect(lagging.status == 2, "\(lagging)")
            #expect(lagging.standardError.hasPrefix("uvrctl: error: lag exceeds --max-lag \(maxLag - 1)"))

            // By default: the processor group on the task topic, the uploader group on the result topic, never committed.
            let defaults = try Uvrctl.run(["offsets"] + broker.connection, scratch: scratch)
            #expect(defaults.status == 0, "\(defaults)")
            let groupsAndTopics = defaults.lines.dropFirst().map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
            #expect(Set(groupsAndTopics) == ["uvr-processor uvr-tasks", "uvr-uploader uvr-results"])
            #expect(defaults.lines.dropFirst().allSatisfy { $0.split(separator: " ")[3] == "-" })

            #expect(try broker.stop() == .exited(0))
        }
    }

    @Test func sendTestCopiesAGivenFileOncePerTaskAndRejectsAMissingOne() async throws {
        try await blocking {
            let scratch = try TemporaryDirectory()
            let broker = try BrokerProcess(in: scratch)
            let input = try scratch.directory("in")
            let song = scratch.file("song.flac")
            try Data("not really audio, but send-test only copies it".utf8).write(to: URL(fileURLWithPath: song))

            let sent = try Uvrctl.run(["send-test", "--count", "2", "--file", song, "--input-dir", input] + broker.connection, scratch: scratch)
            #expect(sent.status == 0, "\(sent)")
            #expect(sent.lines.count == 2)
            for uuid in sent.lines {
                #expect(FileManager.default.contentsEqual(atPath: "\(input)/\(uuid).flac", andPath: song))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: input).count == 2)

            let missing = try Uvrctl.run(["send-test", "--file", "\(scratch.path)/nope.wav", "--input-dir", input] + broker.connection, scratch: scratch)
            #expect(missing.status == 1)
            #expect(missing.standardOutput.isEmpty)
            #expect(missing.standardError == "uvrctl: error: --file \(scratch.path)/nope.wav: No such file or directory\n")
        }
    }

    @Test(arguments: ["offsets", "send-test"])
    func unreachableBrokerExits69WithOneLineWithinTheTimeout(command: String) async throws {
        try await blocking {
            let scratch = try TemporaryDirectory()
            let input = scratch.file("in")
            let specific = command == "send-test" ? ["--wait", "--input-dir", input] : []
            let result = try Uvrctl.run([command, "--bootstrap-servers", "127.0.0.1:1", "--timeout", "2"] + specific,
                                        scratch: scratch, timeout: .seconds(30))
            #expect(result.status == 69, "\(result)")
            #expect(result.standardError.hasPrefix("uvrctl: error: no Kafka broker reachable at 127.0.0.1:1"))
            #expect(result.standardError.split(separator: "\n").count == 1, "\(result)")
            #expect(result.elapsed < .seconds(15), "\(result)")
            // Nothing was staged for tasks that could not be sent.
            #expect(!FileManager.default.fileExists(atPath: input))
        }
    }

    @Test func sendTestWaitWithoutAProcessorTimesOutNamingTheMissingTasks() async throws {
        try await blocking {
            let scratch = try TemporaryDirectory()
            let broker = try BrokerProcess(in: scratch)
            let input = try scratch.directory("in")
            let result = try Uvrctl.run(["send-test", "--count", "2", "--wait", "--timeout", "2", "--input-dir", input] + broker.connection,
                                        scratch: scratch)
            #expect(result.status == 1, "\(result)")
            let uuids = result.lines
            #expect(uuids.count == 2)
            let error = try #require(result.standardError.split(separator: "\n").last.map(String.init))
            #expect(error.hasPrefix("uvrctl: error: 2 of 2 result(s) did not arrive within 2.00 s: "))
            #expect(uuids.allSatisfy { error.contains($0) })
        }
    }
}
