import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import TestSupport
@testable import UVRCore

@Suite struct PIDFileTests {
    @Test func acquireCreatesDirectoriesAndRecordsPIDStartTimeAndRole() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pidDirectory = directory.file("nested/pids")
        let pidFile = try PIDFile.acquire(directory: pidDirectory, role: .processor)
        defer { pidFile.release() }
        #expect(pidFile.path == pidDirectory + "/processor.pid")
        let onDisk = try #require(PIDFile.readRecord(at: pidFile.path))
        #expect(onDisk == PIDFileRecord(pid: getpid(), startTime: try #require(ProcFS.startTime(of: getpid())), role: .processor))
        #expect(pidFile.record == onDisk)
        #expect(pidFile.replacedStaleRecord == nil)
        #expect(PIDFile.isLockHeld(at: pidFile.path) == true)
        let firstLine = try String(contentsOfFile: pidFile.path, encoding: .utf8).split(separator: "\n").first
        #expect(firstLine.map(String.init) == String(getpid()))
    }

    @Test func secondInstanceRefusesNamingFileAndHolder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try PIDFile.acquire(directory: directory.path, role: .uploader)
        defer { first.release() }
        #expect(throws: LifecycleError.alreadyRunning(pidFile: first.path, holderPID: getpid())) {
            _ = try PIDFile.acquire(directory: directory.path, role: .uploader)
        }
        let message = LifecycleError.alreadyRunning(pidFile: first.path, holderPID: getpid()).description
        #expect(message.contains(first.path) && message.contains("PID \(getpid())"))
        #expect(PIDFile.readRecord(at: first.path) == first.record)
    }

    @Test func refusesWhileAnotherProcessHoldsTheLock() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = PIDFile.path(directory: directory.path, role: .processor)
        let holder = try ChildProcess("/bin/bash", ["-c", "exec 9<>\"$0\"; flock -x 9; exec sleep 60", path])
        defer { holder.finish() }
        try waitUntil("flock holds \(path)") { PIDFile.isLockHeld(at: path) == true }
        #expect(throws: LifecycleError.alreadyRunning(pidFile: path, holderPID: nil)) {
            _ = try PIDFile.acquire(directory: directory.path, role: .processor)
        }
    }

    @Test func staleFileIsReplacedAndReported() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = PIDFile.path(directory: directory.path, role: .processor)
        let stale = PIDFileRecord(pid: 999_999, startTime: 42, role: .processor)
        try stale.encoded.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(PIDFile.isLockHeld(at: path) == false)
        let pidFile = try PIDFile.acquire(directory: directory.path, role: .processor)
        defer { pidFile.release() }
        #expect(pidFile.replacedStaleRecord == stale)
        #expect(PIDFile.readRecord(at: path)?.pid == getpid())
    }

    @Test func garbageFileIsReplaced() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = PIDFile.path(directory: directory.path, role: .uploader)
        try "not a pid file at all, much longer than any record would be\n".write(toFile: path, atomically: false, encoding: .utf8)
        let pidFile = try PIDFile.acquire(directory: directory.path, role: .uploader)
        defer { pidFile.release() }
        #expect(pidFile.replacedStaleRecord == nil)
        #expect(PIDFile.readRecord(at: path) == pidFile.record)
    }

    @Test func releaseRemovesTheFileAndTheLock() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pidFile = try PIDFile.acquire(directory: directory.path, role: .processor)
        pidFile.release()
        #expect(!FileManager.default.fileExists(atPath: pidFile.path))
        pidFile.release()
        let again = try PIDFile.acquire(directory: directory.path, role: .processor)
        again.release()
    }

    @Test func releaseLeavesAFileThatIsNoLongerOurs() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pidFile = try PIDFile.acquire(directory: directory.path, role: .processor)
        let replacement = directory.file("replacement")
        try "12345\nstarttime=1 role=processor\n".write(toFile: replacement, atomically: false, encoding: .utf8)
        #expect(rename(replacement, pidFile.path) == 0)
        pidFile.release()
        #expect(PIDFile.readRecord(at: pidFile.path)?.pid == 12345)
    }

    @Test func recordParsing() {
        let record = PIDFileRecord(pid: 77, startTime: 123_456, role: .uploader)
        #expect(record.encoded == "77\nstarttime=123456 role=uploader\n")
        #expect(PIDFileRecord(parsing: record.encoded) == record)
        #expect(PIDFileRecord(parsing: "77\nstarttime=5\n") == PIDFileRecord(pid: 77, startTime: 5, role: nil))
        #expect(PIDFileRecord(parsing: "77\n") == nil)
        #expect(PIDFileRecord(parsing: "-3\nstarttime=5\n") == nil)
        #expect(PIDFileRecord(parsing: "") == nil)
    }
}
