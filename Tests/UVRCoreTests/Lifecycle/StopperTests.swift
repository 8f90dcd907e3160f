import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif
import TestSupport
@testable import UVRCore

/// `Stopper` and `ProcessIdentity` against real child processes and real signals.
@Suite struct StopperTests {
    private func stopper(_ directory: TemporaryDirectory, timeout: Duration = .seconds(30)) -> Stopper {
        Stopper(pidDirectory: directory.path, timeout: timeout, killTimeout: .seconds(10), progressInterval: .milliseconds(200))
    }

    @Test func processExitingOnTermStopsGracefully() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pidPath = PIDFile.path(directory: directory.path, role: .processor)
        let fake = try FakeUvrctl(directory: directory.path, pidFile: pidPath, onTerm: "'exit 0'")
        defer { fake.terminate() }
        #expect(ProcessIdentity.check(pidFile: pidPath, role: .processor) == .verified(try #require(PIDFile.readRecord(at: pidPath))))
        let steps = Mutex<[StopProgress.Step]>([])
        let results = await stopper(directory).stop([.processor]) { progress in steps.withLock { $0.append(progress.step) } }
        #expect(results == [StopResult(role: .processor, outcome: .stoppedGracefully(pid: fake.pid))])
        #expect(Stopper.exitCode(for: results) == 0)
        #expect(steps.withLock { $0.first } == .signalled("SIGTERM"))
        #expect(fake.child.exitCode == 0)
        #expect(!FileManager.default.fileExists(atPath: pidPath), "the PID file left behind is removed")
    }

    @Test func processIgnoringTermIsKilledAndReportsItsState() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pidPath = PIDFile.path(directory: directory.path, role: .uploader)
        let fake = try FakeUvrctl(directory: directory.path, pidFile: pidPath, role: "uploader", onTerm: "''")
        defer { fake.terminate() }
        let now = Date()
        try StateFile(directory: directory.path, role: .uploader).write(RoleStateSnapshot(
            role: .uploader, pid: fake.pid, state: .draining,
            tasksInFlight: [.init(taskUUID: "t-1", startedAt: now)], startedAt: now, updatedAt: now))
        let reports = Mutex<[StopProgress]>([])
        let results = await stopper(directory, timeout: .seconds(1)).stop([.uploader]) { progress in
            reports.withLock { $0.append(progress) }
        }
        #expect(results == [StopResult(role: .uploader, outcome: .killed(pid: fake.pid))])
        #expect(Stopper.exitCode(for: results) == 1)
        let seen = reports.withLock { $0 }
        #expect(seen.map(\.step).contains(.killed))
        #expect(seen.first?.state == .draining && seen.first?.tasksInFlight == 1 && seen.first?.pid == fake.pid)
        #expect(fake.child.terminatingSignal == SIGKILL)
        #expect(!FileManager.default.fileExists(atPath: pidPath))
        #expect(!FileManager.default.fileExists(atPath: StateFile(directory: directory.path, role: .uploader).path))
    }

    @Test func stopAllStopsTwoProcessesInParallel() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let processor = try FakeUvrctl(directory: directory.path, pidFile: PIDFile.path(directory: directory.path, role: .processor), onTerm: "'exit 0'")
        defer { processor.terminate() }
        let uploader = try FakeUvrctl(directory: directory.path, pidFile: PIDFile.path(directory: directory.path, role: .uploader),
                                      role: "uploader", onTerm: "'exit 0'")
        defer { uploader.terminate() }
        let results = await stopper(directory).stop(ProcessRole.allCases)
        #expect(results == [StopResult(role: .processor, outcome: .stoppedGracefully(pid: processor.pid)),
                            StopResult(role: .uploader, outcome: .stoppedGracefully(pid: uploader.pid))])
        #expect(Stopper.exitCode(for: results) == 0)
    }

    @Test func missingPIDDirectoryMeansNotRunning() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = Stopper(pidDirectory: directory.file("never-created"))
        let results = await missing.stop(ProcessRole.allCases)
        for result in results {
            guard case .notRunning(let note) = result.outcome else { Issue.record("expected notRunning, got \(result)"); continue }
            #expect(note.contains("no PID file"))
        }
        #expect(Stopper.exitCode(for: results) == 0)
        #expect(!FileManager.default.fileExists(atPath: directory.file("never-created")))
    }

    @Test func staleFileOfADeadProcessIsRemovedWithANote() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let exited = try ChildProcess("/bin/true", [])
        exited.wait()
        let pidPath = PIDFile.path(directory: directory.path, role: .processor)
        try PIDFileRecord(pid: exited.pid, startTime: 1, role: .processor).encoded.write(toFile: pidPath, atomically: false, encoding: .utf8)
        try StateFile(directory: directory.path, role: .processor).write(RoleStateSnapshot(
            role: .processor, pid: exited.pid, state: .running, tasksInFlight: [], startedAt: Date(), updatedAt: Date()))
        let result = await stopper(directory).stop([.processor])
        guard case .notRunning(let note) = result.first?.outcome else { Issue.record("expected notRunning, got \(result)"); return }
        #expect(note.contains("removed stale PID file \(pidPath)") && note.contains("PID \(exited.pid) is not running"))
        #expect(!FileManager.default.fileExists(atPath: pidPath))
        #expect(!FileManager.default.fileExists(atPath: StateFile(directory: directory.path, role: .processor).path))
        #expect(Stopper.exitCode(for: result) == 0)
    }

    /// A PID file naming `/bin/sleep`: stale (removed with a note) when nobody holds its lock,
    /// refused and kept when someone does; the sleeper is never signalled either way.
    @Test(arguments: [false, true])
    func unrelatedLiveProcessIsNeverSignalled(lockHeld: Bool) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sleeper = try startUnrelatedSleeper()
        defer { sleeper.finish() }
        let pid = sleeper.pid
        let pidPath = PIDFile.path(directory: directory.path, role: .processor)
        let holder = lockHeld ? try PIDFile.acquire(directory: directory.path, role: .processor) : nil
        defer { holder?.release() }
        let record = PIDFileRecord(pid: pid, startTime: try #require(ProcFS.startTime(of: pid)), role: .processor)
        try record.encoded.write(toFile: pidPath, atomically: false, encoding: .utf8)
        let result = await stopper(directory).stop([.processor])
        switch result.first?.outcome {
        case .notRunning(let note) where !lockHeld:
            #expect(note.contains("PID \(pid) is `/bin/sleep 60`, not uvrctl run-processor"))
            #expect(!FileManager.default.fileExists(atPath: pidPath))
            #expect(Stopper.exitCode(for: result) == 0)
        case .refused(let reason) where lockHeld:
            #expect(reason.contains("not uvrctl run-processor") && reason.contains("lock"))
            #expect(FileManager.default.fileExists(atPath: pidPath))
            #expect(Stopper.exitCode(for: result) == 1)
        default:
            Issue.record("unexpected \(result)")
        }
        #expect(sleeper.isRunning)
    }

    /// A uvrctl of another role, an impostor named otherwise, and a reused PID (wrong start time):
    /// each holds the lock of processor.pid, and none may be signalled.
    @Test(arguments: [
        ("run-uploader", "uvrctl", 0, "not uvrctl run-processor"),
        ("run-processor", "uvrctl-impostor", 0, "uvrctl-impostor"),
        ("run-processor", "uvrctl", -7, "PID was reused"),
    ])
    func lockedMismatchIsNeverSignalled(command: String, programName: String, startTimeOffset: Int, expected: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pidPath = PIDFile.path(directory: directory.path, role: .processor)
        let fake = try FakeUvrctl(directory: directory.path, pidFile: pidPath, command: command, onTerm: nil,
                                  programName: programName, recordedStartTimeOffset: startTimeOffset)
        defer { fake.terminate() }
        let result = await stopper(directory).stop([.processor])
        guard case .refused(let reason) = result.first?.outcome else { Issue.record("expected refused, got \(result)"); return }
        #expect(reason.contains(expected))
        #expect(fake.child.isRunning && FileManager.default.fileExists(atPath: pidPath))
    }

    @Test func exitCodeFollowsTheWorstOutcome() {
        func results(_ outcomes: StopOutcome...) -> [StopResult] { outcomes.map { StopResult(role: .processor, outcome: $0) } }
        #expect(Stopper.exitCode(for: []) == 0)
        #expect(Stopper.exitCode(for: results(.stoppedGracefully(pid: 1), .notRunning(note: "x"))) == 0)
        #expect(Stopper.exitCode(for: results(.stoppedGracefully(pid: 1), .killed(pid: 2))) == 1)
        #expect(Stopper.exitCode(for: results(.refused(reason: "r"))) == 1)
        #expect(Stopper.exitCode(for: results(.stillAlive(pid: 3), .killed(pid: 2))) == 2)
        #expect(Stopper.exitCode(for: results(.killed(pid: 2), .stillAlive(pid: 3))) == 2)
    }

    @Test func exitWatchSeesAChildExitThroughItsPidfd() throws {
        let child = try ChildProcess("/bin/sleep", ["60"])
        defer { child.finish() }
        let watch = ProcessExitWatch(pid: child.pid)
        #expect(!watch.waitForExit(upTo: .milliseconds(50)))
        #expect(watch.send(SIGTERM) == 0)
        #expect(watch.waitForExit(upTo: .seconds(20)))
        #expect(watch.hasExited)
        #expect(child.terminatingSignal == SIGTERM)
    }
}
