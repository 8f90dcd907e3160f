import Foundation
import Testing
import TestSupport
@testable import UVRCore

@Suite struct StateFileTests {
    private func snapshot(_ state: RoleStateSnapshot.Phase, tasks: [String]) -> RoleStateSnapshot {
        let start = Date(timeIntervalSince1970: 1_780_000_000.125)
        return RoleStateSnapshot(role: .processor, pid: 4242, state: state,
                                 tasksInFlight: tasks.enumerated().map { .init(taskUUID: $1, startedAt: start.addingTimeInterval(Double($0))) },
                                 startedAt: start, updatedAt: start.addingTimeInterval(9.5))
    }

    @Test func roundTripsAndRewritesAtomically() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = StateFile(directory: directory.path, role: .processor)
        #expect(file.path == directory.path + "/processor.state.json")
        #expect(try file.read() == nil)
        let first = snapshot(.running, tasks: ["a1", "b2"])
        try file.write(first)
        #expect(try file.read() == first)
        let second = snapshot(.draining, tasks: ["b2"])
        try file.write(second)
        #expect(try file.read() == second)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["processor.state.json"])
        file.remove()
        #expect(try file.read() == nil)
    }

    @Test func usesStableSnakeCaseKeys() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = StateFile(directory: directory.path, role: .processor)
        try file.write(snapshot(.closing, tasks: ["c3"]))
        let data = try #require(FileManager.default.contents(atPath: file.path))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["role", "pid", "state", "tasks_in_flight", "started_at", "updated_at"])
        #expect(object["state"] as? String == "closing")
        #expect(object["started_at"] as? String == "2026-05-28T20:26:40.125Z")
        let tasks = try #require(object["tasks_in_flight"] as? [[String: Any]])
        #expect(tasks.first?["task_uuid"] as? String == "c3")
    }

    @Test func malformedFileIsAClearError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = StateFile(directory: directory.path, role: .uploader)
        try "{\"role\": 3}".write(toFile: file.path, atomically: false, encoding: .utf8)
        #expect(throws: LifecycleError.malformed(file: file.path, reason: "not a uvrctl state file")) { try file.read() }
    }

    @Test func phaseFollowsTheShutdownState() {
        typealias State = ShutdownStateMachine<ContinuousClock.Instant>.State
        #expect(RoleStateSnapshot.Phase(State.running) == .running)
        #expect(RoleStateSnapshot.Phase(State.draining(deadline: .now)) == .draining)
        #expect(RoleStateSnapshot.Phase(State.cancelling) == .cancelling)
        #expect(RoleStateSnapshot.Phase(State.exited(status: .clean)) == .closing)
    }
}
