import Foundation
import Testing
import TestSupport

/// `uvrctl status` run as the real binary against real child processes.
@Suite struct StatusCommandTests {
    private func startFake(_ role: String, in pids: String) throws -> FakeUvrctl {
        try FakeUvrctl(directory: pids, pidFile: (pids as NSString).appendingPathComponent("\(role).pid"), role: role, onTerm: nil)
    }

    @Test func linesAndExit0WhenEveryNamedRoleRunsElse3() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pids = directory.path
        let processor = try startFake("processor", in: pids)
        defer { processor.terminate() }
        try """
        {"role":"processor","pid":\(processor.pid),"state":"draining","started_at":"2026-01-01T00:00:00.000Z",\
        "updated_at":"2026-01-01T00:00:01.000Z","tasks_in_flight":[\
        {"task_uuid":"3f1c","started_at":"2026-01-01T00:00:00.500Z"},{"task_uuid":"9a2b","started_at":"2026-01-01T00:00:00.700Z"}]}
        """.write(toFile: directory.file("processor.state.json"), atomically: true, encoding: .utf8)

        let one = try UvrctlRun(["status", "processor", "--pid-dir", pids], in: directory)
        #expect(one.status == 0)
        let line = one.out.trimmingCharacters(in: .newlines)
        #expect(line.hasPrefix("processor: running (pid \(processor.pid), up "))
        #expect(line.hasSuffix("s, state draining, 2 tasks in flight: 3f1c, 9a2b)"))

        let all = try UvrctlRun(["status"], in: directory, environment: ["UVRCTL_PID_DIR": pids])
        #expect(all.status == 3)
        #expect(all.out.split(separator: "\n").last == "uploader: not running")

        let uploader = try startFake("uploader", in: pids)
        defer { uploader.terminate() }
        let both = try UvrctlRun(["status", "all", "--pid-dir", pids], in: directory)
        #expect(both.status == 0)
        let uploaderLine = String(both.out.split(separator: "\n").last ?? "")
        #expect(uploaderLine.hasPrefix("uploader: running (pid \(uploader.pid), up ") && uploaderLine.hasSuffix("s)"), "no state file: pid and uptime only")
    }

    @Test func jsonIsAnArrayOfObjectsWithEveryKey() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let processor = try startFake("processor", in: directory.path)
        defer { processor.terminate() }
        try "999999\nstarttime=1 role=uploader\n".write(toFile: directory.file("uploader.pid"), atomically: false, encoding: .utf8)
        let run = try UvrctlRun(["status", "--json", "--pid-dir", directory.path], in: directory)
        #expect(run.status == 3)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [[String: Any]])
        let keys: Set = ["role", "running", "pid", "uptime_seconds", "state", "tasks_in_flight", "note"]
        #expect(objects.map { Set($0.keys) } == [keys, keys])
        #expect(objects[0]["role"] as? String == "processor" && objects[0]["running"] as? Bool == true)
        #expect((objects[0]["pid"] as? NSNumber)?.int32Value == processor.pid)
        #expect((objects[0]["uptime_seconds"] as? NSNumber).map { $0.intValue >= 0 } == true)
        #expect(objects[0]["state"] is NSNull, "no state file: the state is unknown")
        #expect(objects[1]["role"] as? String == "uploader" && objects[1]["running"] as? Bool == false)
        #expect((objects[1]["note"] as? String)?.contains("stale PID file") == true)
        #expect(FileManager.default.fileExists(atPath: directory.file("uploader.pid")), "status removes nothing")
    }
}
