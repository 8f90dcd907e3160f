import Foundation
import Testing
import TestSupport
@testable import UVRCore

@Suite struct RoleStatusTests {
    @Test func runningRoleWithStateFileAndMissingRole() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fake = try FakeUvrctl(directory: directory.path, pidFile: PIDFile.path(directory: directory.path, role: .processor), onTerm: nil)
        defer { fake.terminate() }
        let started = Date()
        let tasks = [RoleStateSnapshot.TaskInFlight(taskUUID: "3f1c", startedAt: started)]
        try StateFile(directory: directory.path, role: .processor).write(RoleStateSnapshot(
            role: .processor, pid: fake.pid, state: .draining, tasksInFlight: tasks, startedAt: started, updatedAt: started))

        let statuses = RoleStatus.collect(ProcessRole.allCases, pidDirectory: directory.path)
        let processor = try #require(statuses.first)
        #expect(processor.running && processor.pid == fake.pid && processor.state == .draining)
        #expect(processor.tasksInFlight?.map(\.taskUUID) == ["3f1c"])
        #expect(abs((processor.tasksInFlight?.first?.startedAt ?? .distantPast).timeIntervalSince(started)) < 0.001)
        #expect((processor.uptimeSeconds ?? -1) >= 0)
        #expect(statuses.last == RoleStatus(role: .uploader, running: false))
        #expect(RoleStatus.exitCode(for: statuses) == 3)
        #expect(RoleStatus.exitCode(for: [processor]) == 0)

        let json = try JSONEncoder().encode(statuses)
        let objects = try #require(try JSONSerialization.jsonObject(with: json) as? [[String: Any]])
        #expect(objects.first?["role"] as? String == "processor")
        #expect(objects.first?["running"] as? Bool == true)
        #expect(objects.first?["uptime_seconds"] as? Int != nil, "whole seconds")
        #expect((objects.first?["tasks_in_flight"] as? [Any])?.count == 1)
        #expect(objects.last?["running"] as? Bool == false)
        #expect(Set(objects.last?.keys.map { $0 } ?? []) == Set(objects.first?.keys.map { $0 } ?? []), "every object has every key")
        #expect(objects.last?["pid"] is NSNull && objects.last?["tasks_in_flight"] is NSNull)
    }

    @Test func staleFileCountsAsNotRunningWithANote() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pidPath = PIDFile.path(directory: directory.path, role: .uploader)
        try PIDFileRecord(pid: 999_999, startTime: 1, role: .uploader).encoded.write(toFile: pidPath, atomically: false, encoding: .utf8)
        let statuses = RoleStatus.collect([.uploader], pidDirectory: directory.path)
        #expect(statuses.first?.running == false)
        #expect(statuses.first?.note?.contains("stale PID file") == true)
        #expect(FileManager.default.fileExists(atPath: pidPath), "status only reads; it removes nothing")
        #expect(RoleStatus.exitCode(for: statuses) == 3)
    }
}
