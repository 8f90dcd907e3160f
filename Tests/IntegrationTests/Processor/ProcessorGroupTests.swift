import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Processors sharing a group, and tasks in flight at once, on the real binary. The development
/// broker needs session.timeout.ms >= 6000 and delays a group's first join by about 3 s: the
/// waits below are generous for that.
@Suite struct ProcessorGroupTests {
    /// Two processors split the partitions; the one stopped gracefully leaves the group, the other
    /// takes over its partitions and remaining tasks; no task is processed twice.
    @Test func survivorTakesOverAGracefullyStoppedMembersPartitions() async throws {
        let scene = try ProcessorScene()
        let options = ["-X", "session.timeout.ms=6000"]
        let first = try await scene.startJoinedProcessor(options, separator: "sleep:1", name: "first")
        let second = try scene.startProcessor(options, separator: "sleep:1", name: "second", pidDirectory: scene.directory.file("pids-second"))
        try await second.waitForLog("Partitions assigned", timeout: .seconds(40))
        try await eventually("the first processor was rebalanced", timeout: .seconds(40)) { first.count("Partitions assigned") >= 2 }
        let firstShare = lastAssignment(first), secondShare = lastAssignment(second)
        #expect(!firstShare.isEmpty && !secondShare.isEmpty && firstShare.isDisjoint(with: secondShare), "\(firstShare) \(secondShare)")
        #expect(firstShare.union(secondShare) == Set(0..<Int32(scene.partitionCount)))

        let song = try scene.song("song.wav")
        var uuids: [String] = []
        while second.count("Received task: ") == 0 {
            try #require(uuids.count < 30, "the second processor never got a task")
            let uuid = newTaskUUID()
            uuids.append(uuid)
            try await scene.sendTask(uuid, audioPath: song)
            try await Task.sleep(for: .milliseconds(100))
        }
        for _ in 0..<6 {
            let uuid = newTaskUUID()
            uuids.append(uuid)
            try await scene.sendTask(uuid, audioPath: song)
        }
        second.signal(SIGTERM)
        #expect(try await second.exitStatus() == 0, "\(second.log)")
        let stopped = ContinuousClock.now
        try await eventually("the first processor owns every partition", timeout: .seconds(30)) {
            lastAssignment(first) == Set(0..<Int32(scene.partitionCount))
        }
        let takeover = ContinuousClock.now - stopped

        for uuid in uuids { try await scene.waitForResults(uuid, timeout: .seconds(60)) }
        try await scene.waitUntilAllCommitted()
        for uuid in uuids {
            #expect(scene.results(for: uuid).count == 1, "\(uuid): \(scene.results(for: uuid).map(\.json))")
            // Eager rebalancing revokes every partition, so a task running at a rebalance may be
            // cancelled (no result, no commit) and started again: it must complete only once.
            let separated = first.count("Separated", where: { $0.contains(uuid) }) + second.count("Separated", where: { $0.contains(uuid) })
            #expect(separated == 1, "\(uuid) processed to completion once")
            #expect(first.count("[\(uuid)] Offset committed successfully") + second.count("[\(uuid)] Offset committed successfully") == 1)
        }
        #expect(try await scene.resultCount() == Int64(uuids.count), "\(scene.processorLogs)")
        #expect(first.count("Received task: ") > 0 && second.count("Received task: ") > 0)
        #expect(takeover < .seconds(6), "LeaveGroup moves the partitions before the 6 s session timeout; took \(takeover)")
        first.signal(SIGTERM)
        #expect(try await first.exitStatus() == 0, "\(first.log)")
    }

    /// `--concurrency 2` on one partition, a long task first and short ones behind it: the short
    /// ones finish, but the committed offset never passes the long one until it is done.
    @Test func committedOffsetNeverPassesAnUnfinishedTask() async throws {
        let scene = try ProcessorScene(partitions: 1)
        // The long task runs until the test releases it, so "still running" never depends on timing.
        let release = scene.directory.file("release-long-task")
        let script = try scene.directory.write("separate.sh", """
            case "$1" in *long*) while [ ! -e '\(release)' ]; do sleep 0.05; done;; esac
            cp "$1" "$2" && cp "$1" "$3"
            """)
        let processor = try await scene.startJoinedProcessor(
            ["--concurrency", "2", "--separator", "command", "--separator-command", "/bin/sh \(script) {input} {vocals} {instrumental}"],
            separator: nil)
        let long = newTaskUUID()
        let longTask = try await scene.sendTask(long, audioPath: try scene.song("long.wav"))
        let shorts = (0..<3).map { _ in newTaskUUID() }
        let short = try scene.song("short.wav")
        for uuid in shorts { try await scene.sendTask(uuid, audioPath: short) }

        for uuid in shorts { try await scene.waitForResults(uuid) }
        try #require(scene.results(for: long).isEmpty, "the long task must still be running for this test to mean anything")
        for _ in 0..<5 {
            let committed = try await scene.committed()[longTask.partition]
            #expect(committed == nil || committed! <= longTask.offset, "committed \(String(describing: committed)) passes the unfinished task")
            try await Task.sleep(for: .milliseconds(300))
        }
        #expect(processor.count("Offset committed successfully") == 0)

        try scene.directory.write("release-long-task", "")
        try await scene.waitForResults(long)
        try await scene.waitUntilAllCommitted()
        let commitLines = [long] + shorts
        #expect(linesAppearInOrder(commitLines.map { "[\($0)] Offset committed successfully" }, in: processor.log), "\(processor.log)")
        processor.signal(SIGTERM)
        #expect(try await processor.exitStatus() == 0, "\(processor.log)")
    }
}

/// The partitions of a processor's most recent "Partitions assigned" line.
private func lastAssignment(_ processor: ProcessorChild) -> Set<Int32> {
    guard let line = processor.logLines.last(where: { $0.contains("Partitions assigned: ") }) else { return [] }
    let list = line.components(separatedBy: "Partitions assigned: ")[1]
    return Set(list.components(separatedBy: ", ").compactMap { item in
        item.split(separator: "[").last.flatMap { Int32($0.prefix { $0.isNumber }) }
    })
}
