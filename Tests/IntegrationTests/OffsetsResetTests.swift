import Foundation
import Testing
import TestSupport
import UVRKafka
#if canImport(Glibc)
import Glibc
#endif

/// `uvrctl offsets reset` against a real `uvrctl broker`: a dry run changes nothing, `--execute`
/// moves the offsets (clamped to the log), and a group with an active member is refused.
@Suite struct OffsetsResetTests {
    @Test func dryRunChangesNothingExecuteMovesAndAnActiveGroupIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let broker = try BrokerProcess(in: directory)
        for index in 0..<6 {
            let producer = try ChildProcess("/usr/bin/kcat", ["-P", "-b", broker.bootstrapServers, "-t", "uvr-tasks", "-p", "0", "-k", "k\(index)",
                                                              try directory.write("m\(index)", "message \(index)")])
            #expect(producer.exitCode == 0)
        }
        let query = try OffsetsQuery(config: KafkaConfig(bootstrapServers: broker.bootstrapServers))
        defer { query.close(timeout: .seconds(2)) }
        let partitions = (0..<3).map { TopicPartition(topic: "uvr-tasks", partition: Int32($0)) }
        let reset = ["offsets", "reset", "--bootstrap-servers", broker.bootstrapServers, "--group", "replayers", "--topic", "uvr-tasks"]

        let dryRun = try UvrctlRun(reset + ["--to-offset", "4"], in: directory)
        #expect(dryRun.status == 0, "\(dryRun.err)")
        let rows = dryRun.out.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.first == ["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "NEW-OFFSET", "NOTE"])
        #expect(rows.dropFirst().prefix(3).map { Array($0.prefix(6)) } == [
            ["replayers", "uvr-tasks", "0", "-", "4", "-"],
            ["replayers", "uvr-tasks", "1", "-", "0", "clamped"],
            ["replayers", "uvr-tasks", "2", "-", "0", "clamped"],
        ])
        #expect(dryRun.out.contains("Dry run: nothing changed."))
        #expect(try await query.committedOffsets(group: "replayers", partitions: partitions, timeout: .seconds(5)).isEmpty)

        let execute = try UvrctlRun(reset + ["--to-offset", "4", "--execute"], in: directory)
        #expect(execute.status == 0, "\(execute.err)")
        #expect(execute.out.hasSuffix("Offsets of group replayers reset on 3 partition(s).\n"))
        #expect(try await query.committedOffsets(group: "replayers", partitions: partitions, timeout: .seconds(5))
                == [partitions[0]: 4, partitions[1]: 0, partitions[2]: 0])

        let shifted = try UvrctlRun(reset.dropLast(2) + ["--topic", "uvr-tasks:0", "--shift-by", "-10", "--execute"], in: directory)
        #expect(shifted.status == 0, "\(shifted.err)")
        #expect(shifted.out.contains("clamped to the log start (0; -6 is no longer stored)"))
        #expect(try await query.committedOffsets(group: "replayers", partitions: [partitions[0]], timeout: .seconds(5)) == [partitions[0]: 0])

        // An active member: a real run-processor in group "busy", once it has its partitions.
        for folder in ["in", "out"] { try FileManager.default.createDirectory(atPath: directory.file(folder), withIntermediateDirectories: true) }
        let processor = try ChildProcess(try UvrctlBinary.path(), [
            "run-processor", "--bootstrap-servers", broker.bootstrapServers, "--processor-group", "busy", "--input-dir", directory.file("in"),
            "--output-dir", directory.file("out"), "--pid-dir", directory.file("pids"),
        ], environment: ["PATH": "/usr/bin:/bin", "UVRCTL_TEST_SEPARATOR": "noop"], standardErrorFile: directory.file("processor.err"))
        defer { processor.finish() }
        // It consumes the six messages (invalid tasks) and commits past them: the group is at the log end.
        try waitUntil("the processor committed the six messages") {
            (try? query.committedOffsets(group: "busy", partitions: [partitions[0]], timeout: .seconds(2)))?[partitions[0]] == 6
        }
        let refused = try UvrctlRun(["offsets", "reset", "--bootstrap-servers", broker.bootstrapServers, "--group", "busy", "--topic", "uvr-tasks",
                                     "--to-earliest", "--execute"], in: directory)
        #expect(refused.status == 1)
        #expect(refused.err.hasPrefix("uvrctl: error: refusing to reset group busy: it has active members"), "\(refused.err)")
        #expect(try await query.committedOffsets(group: "busy", partitions: [partitions[0]], timeout: .seconds(5)) == [partitions[0]: 6],
                "the refused reset moved nothing")
        kill(processor.pid, SIGTERM)
        #expect(processor.exitCode == 0)
    }
}
