import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The contract's shutdown steps, proved on the real binary: real broker, real signals, results
/// read back from the result topic and offsets from the group. A slow test separator
/// (UVRCTL_TEST_SEPARATOR=sleep:N) makes "mid-task" deterministic.
@Suite struct ProcessorShutdownTests {
    /// Idle SIGTERM / SIGINT: the contract's lines, exit 0, PID file removed. (Time: Benchmarks/.)
    /// While it runs, a second processor with the same --pid-dir refuses to start.
    @Test(arguments: [SIGTERM, SIGINT])
    func idleSignalExits0(_ signal: Int32) async throws {
        let scene = try ProcessorScene()
        let processor = try await scene.startJoinedProcessor()
        let pidFile = scene.directory.file("pids/processor.pid")
        #expect(FileManager.default.fileExists(atPath: pidFile))

        let second = try scene.startProcessor(name: "second")
        #expect(try await second.exitStatus() == 1, "\(second.log)")
        #expect(second.log.contains("uvrctl: error: ") && second.log.contains("already running (PID \(processor.child.pid))")
                && second.log.contains(pidFile), "\(second.log)")
        #expect(processor.child.isRunning, "the refused second start does not disturb the first")

        processor.signal(signal)
        #expect(try await processor.exitStatus() == 0, "\(processor.log)")
        let name = signal == SIGTERM ? "SIGTERM" : "SIGINT"
        let expected = ["Received \(name), initiating graceful shutdown...", "Shutdown requested, stopping message consumption",
                        "Final offset committed", "Kafka consumer closed", "Kafka producer closed", "Processor shutdown complete"]
        #expect(linesAppearInOrder(expected, in: processor.log), "\(processor.log)")
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }

    /// SIGTERM mid-task: the task finishes, exactly one result, its offset committed, exit 0, and
    /// the contract's log lines verbatim and in order.
    @Test func sigtermMidTaskFinishesTheTask() async throws {
        let scene = try ProcessorScene()
        // The task runs until the test releases it, after the signal: "mid-task" never depends
        // on how quickly a loaded machine delivers the signal.
        let release = scene.directory.file("release-task")
        let script = try scene.directory.write("separate.sh", """
            while [ ! -e '\(release)' ]; do sleep 0.05; done
            cp "$1" "$2" && cp "$1" "$3"
            """)
        let processor = try await scene.startJoinedProcessor(
            ["--separator", "command", "--separator-command", "/bin/sh \(script) {input} {vocals} {instrumental}"], separator: nil)
        let uuid = newTaskUUID()
        let task = try await scene.sendTask(uuid, audioPath: try scene.song("song.wav"))
        try await processor.waitForLog("Received task: \(uuid)")
        processor.signal(SIGTERM)
        try await processor.waitForLog("Shutdown requested, stopping message consumption")
        try scene.directory.write("release-task", "")

        #expect(try await processor.exitStatus() == 0, "\(processor.log)")
        #expect(try await scene.resultCount() == 1)
        let results = try await scene.waitForResults(uuid)
        #expect(results.count == 1 && results[0].success == true, "\(results.map(\.json))")
        #expect(try await scene.isCommitted(task))
        for stem in ["vocals", "instrumental"] {
            #expect(FileManager.default.fileExists(atPath: scene.directory.file("out/\(uuid)_\(stem).wav")))
        }
        let expected = ["Received task: \(uuid)", "Received SIGTERM, initiating graceful shutdown...",
                        "Shutdown requested, stopping message consumption", "[\(uuid)] Offset committed successfully",
                        "Final offset committed", "Kafka consumer closed", "Kafka producer closed", "Processor shutdown complete"]
        #expect(linesAppearInOrder(expected, in: processor.log), "\(processor.log)")
        #expect(!processor.log.contains("Abandoned"))
    }

    /// Drain timeout passed: abandoned (no result, no commit, input kept, exit 75); a restarted
    /// processor completes it: exactly one result in total. With --delete-input the input is
    /// kept for the abandoned task and deleted only once the completed task is committed.
    @Test func drainTimeoutAbandonsAndARestartCompletes() async throws {
        let scene = try ProcessorScene()
        let processor = try await scene.startJoinedProcessor(["--drain-timeout", "1", "--delete-input"], separator: "sleep:30")
        let uuid = newTaskUUID()
        let input = try scene.song("song.wav")
        let task = try await scene.sendTask(uuid, audioPath: input)
        try await processor.waitForLog("Received task: \(uuid)")
        processor.signal(SIGTERM)

        #expect(try await processor.exitStatus() == 75, "\(processor.log)")
        #expect(processor.log.contains("[\(uuid)] Abandoned at shutdown; it will be redelivered"), "\(processor.log)")
        #expect(!processor.log.contains("Offset committed successfully"))
        #expect(try await scene.resultCount() == 0)
        #expect(try await !scene.isCommitted(task))
        #expect(FileManager.default.fileExists(atPath: input), "an abandoned task keeps its input")

        let restarted = try scene.startProcessor(["--delete-input"], name: "restarted")
        let results = try await scene.waitForResults(uuid)
        #expect(results.count == 1 && results[0].success == true)
        try await eventuallyAsync("the redelivered task is committed") { try await scene.isCommitted(task) }
        try await eventually("the committed task's input is deleted") { !FileManager.default.fileExists(atPath: input) }
        restarted.signal(SIGTERM)
        #expect(try await restarted.exitStatus() == 0, "\(restarted.log)")
        #expect(try await scene.resultCount() == 1, "exactly one result in total")
    }

    /// A second signal mid-task abandons it at once (like the drain timeout), well before the
    /// 30 s separation or the 540 s default drain timeout could end it.
    @Test func secondSignalAbandonsPromptly() async throws {
        let scene = try ProcessorScene()
        let processor = try await scene.startJoinedProcessor(separator: "sleep:30")
        let uuid = newTaskUUID()
        let input = try scene.song("song.wav")
        let task = try await scene.sendTask(uuid, audioPath: input)
        try await processor.waitForLog("Received task: \(uuid)")
        processor.signal(SIGTERM)
        try await processor.waitForLog("Received SIGTERM, initiating graceful shutdown...")
        let second = ContinuousClock.now
        processor.signal(SIGINT)

        let status = try await processor.exitStatus(timeout: .seconds(10))
        let elapsed = ContinuousClock.now - second
        #expect(status == 75, "\(processor.log)")
        #expect(elapsed < .seconds(5), "contract: within 2 s; measured \(elapsed) (bound loosened for a loaded test machine)")
        #expect(processor.log.contains("[\(uuid)] Abandoned at shutdown; it will be redelivered"))
        #expect(try await scene.resultCount() == 0)
        #expect(try await !scene.isCommitted(task))
        #expect(FileManager.default.fileExists(atPath: input))
    }

    /// SIGKILL mid-task, restart: every task gets a result (repeats allowed after a crash), every
    /// offset is committed, the stale PID file is replaced.
    @Test func sigkillMidTaskThenRestartLosesNothing() async throws {
        let scene = try ProcessorScene()
        let fastSession = ["-X", "session.timeout.ms=6000"]
        let processor = try await scene.startJoinedProcessor(fastSession, separator: "sleep:2")
        let song = try scene.song("song.wav")
        var uuids: [String] = []
        for _ in 0..<4 {
            let uuid = newTaskUUID()
            uuids.append(uuid)
            try await scene.sendTask(uuid, audioPath: song)
        }
        try await eventually("a task is in flight") { processor.count("Received task: ") >= 1 }
        processor.signal(SIGKILL)
        #expect(try await processor.exitStatus() == nil && processor.child.terminatingSignal == SIGKILL)
        #expect(FileManager.default.fileExists(atPath: scene.directory.file("pids/processor.pid")), "a crash leaves its PID file")

        let restarted = try scene.startProcessor(fastSession, name: "restarted")
        for uuid in uuids {
            let results = try await scene.waitForResults(uuid, timeout: .seconds(40))
            #expect(results.allSatisfy { $0.success == true })
        }
        try await scene.waitUntilAllCommitted()
        #expect(restarted.log.contains("Replaced a stale PID file left by pid \(processor.child.pid)"), "\(restarted.log)")
        restarted.signal(SIGTERM)
        #expect(try await restarted.exitStatus() == 0, "\(restarted.log)")
    }

    /// A task three times longer than max.poll.interval.ms (= session timeout = 6 s): the
    /// consumer keeps polling with the partition paused, so no eviction and no duplicate.
    @Test func taskLongerThanMaxPollIntervalIsNotEvicted() async throws {
        let scene = try ProcessorScene()
        let processor = try await scene.startJoinedProcessor(["-X", "max.poll.interval.ms=6000", "-X", "session.timeout.ms=6000"],
                                                             separator: "sleep:15")
        let uuid = newTaskUUID()
        let task = try await scene.sendTask(uuid, audioPath: try scene.song("song.wav"))
        let results = try await scene.waitForResults(uuid, timeout: .seconds(60))
        #expect(results.count == 1 && results[0].success == true)
        try await eventuallyAsync("the long task is committed") { try await scene.isCommitted(task) }
        #expect(processor.count("Received task: \(uuid)") == 1)
        #expect(processor.count("Partitions revoked") == 0 && processor.count("Rebalance failed") == 0, "\(processor.log)")
        #expect(!processor.log.contains("maximum poll interval"), "librdkafka reports an exceeded max.poll.interval.ms: \(processor.log)")
        processor.signal(SIGTERM)
        #expect(try await processor.exitStatus() == 0, "\(processor.log)")
        #expect(try await scene.resultCount() == 1, "no duplicate")
    }
}

/// Whether each of `expected` occurs in `log` (a line containing it), in this order.
func linesAppearInOrder(_ expected: [String], in log: String) -> Bool {
    var lines = log.split(separator: "\n")[...]
    for text in expected {
        guard let index = lines.firstIndex(where: { $0.contains(text) }) else { return false }
        lines = lines[(index + 1)...]
    }
    return true
}
