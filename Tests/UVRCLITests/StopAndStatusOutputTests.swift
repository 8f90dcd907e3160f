import Foundation
import Testing
import UVRCore
@testable import UVRCLI

/// The text `stop` and `status` show, from synthetic reports (the real processes are in IntegrationTests).
@Suite struct StopAndStatusOutputTests {
    @Test(arguments: [
        (0.0, "0s"), (0.44, "0.4s"), (7.0, "7s"), (42.9, "42s"), (192, "3m12s"), (3600, "1h00m"),
        (7_380, "2h03m"), (273_600, "3d04h"),
    ])
    func durations(seconds: Double, text: String) {
        #expect(OperatorText.duration(seconds: seconds) == text)
    }

    @Test func settingsAndTaskCounts() {
        #expect(OperatorText.setting(.seconds(600)) == "600s")
        #expect(OperatorText.setting(.milliseconds(2500)) == "2.5s")
        #expect([0, 1, 3].map(OperatorText.tasksInFlight) == ["no tasks in flight", "1 task in flight", "3 tasks in flight"])
    }

    @Test func statusLines() {
        let date = Date(timeIntervalSince1970: 0)
        let tasks = ["3f1c", "9a2b"].map { RoleStateSnapshot.TaskInFlight(taskUUID: $0, startedAt: date) }
        #expect(StatusText.line(for: RoleStatus(role: .processor, running: true, pid: 1234, uptimeSeconds: 192.7,
                                                state: .draining, tasksInFlight: tasks))
                == "processor: running (pid 1234, up 3m12s, state draining, 2 tasks in flight: 3f1c, 9a2b)")
        #expect(StatusText.line(for: RoleStatus(role: .processor, running: true, pid: 7, uptimeSeconds: 5.5, state: .running, tasksInFlight: []))
                == "processor: running (pid 7, up 5s, state running, no tasks in flight)")
        #expect(StatusText.line(for: RoleStatus(role: .uploader, running: true, pid: 8, uptimeSeconds: 61))
                == "uploader: running (pid 8, up 1m01s)")
        #expect(StatusText.line(for: RoleStatus(role: .uploader, running: false)) == "uploader: not running")
        #expect(StatusText.line(for: RoleStatus(role: .uploader, running: false, note: "stale PID file x: PID 9 is not running"))
                == "uploader: not running (stale PID file x: PID 9 is not running)")
    }

    @Test func statusJSONHasEveryKeyAndISODates() throws {
        let task = RoleStateSnapshot.TaskInFlight(taskUUID: "3f1c", startedAt: Date(timeIntervalSince1970: 1_700_000_000))
        let json = try StatusText.json([
            RoleStatus(role: .processor, running: true, pid: 5, uptimeSeconds: 12.9, state: .draining, tasksInFlight: [task]),
            RoleStatus(role: .uploader, running: false),
        ])
        #expect(json == #"[{"note":null,"pid":5,"role":"processor","running":true,"state":"draining","#
                + #""tasks_in_flight":[{"started_at":"2023-11-14T22:13:20Z","task_uuid":"3f1c"}],"uptime_seconds":12},"#
                + #"{"note":null,"pid":null,"role":"uploader","running":false,"state":null,"tasks_in_flight":null,"uptime_seconds":null}]"#)
    }

    private func progress(_ step: StopProgress.Step, waited: Int, _ state: RoleStateSnapshot.Phase?, _ tasks: Int?,
                          role: ProcessRole = .processor, pid: Int32 = 42) -> StopProgress {
        StopProgress(role: role, pid: pid, step: step, secondsWaited: waited, state: state, tasksInFlight: tasks)
    }

    /// Without a terminal: a line for each event and each change of state or tasks, none for the seconds ticking by.
    @Test func plainLinesOnlyWhenSomethingChanges() {
        let captured = CapturedOutput()
        let reporter = StopProgressReporter(output: captured.output, liveLine: false, columns: 80, timeout: .seconds(600))
        reporter.report(progress(.signalled("SIGTERM"), waited: 0, .running, 2))
        for second in 1...5 { reporter.report(progress(.waiting, waited: second, .draining, 2)) }
        for second in 6...9 { reporter.report(progress(.waiting, waited: second, .draining, 1)) }
        reporter.report(progress(.waiting, waited: 10, nil, nil))  // the state file is gone: no news
        reporter.report(progress(.killed, waited: 600, .closing, 0))
        reporter.report(progress(.waitingAfterKill, waited: 601, .closing, 0))
        reporter.finished(StopResult(role: .processor, outcome: .killed(pid: 42)))
        reporter.finished(StopResult(role: .uploader, outcome: .notRunning(note: "not running (no PID file p/uploader.pid)")))
        let lines = captured.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 7, "\(lines)")
        guard lines.count == 7 else { return }
        #expect(lines[0] == "processor (pid 42): sent SIGTERM, waiting up to 600s (running, 2 tasks in flight)")
        #expect(lines[1] == "processor (pid 42): draining, 2 tasks in flight after 1s")
        #expect(lines[2] == "processor (pid 42): draining, 1 task in flight after 6s")
        #expect(lines[3].hasPrefix("processor (pid 42): still running after ") && lines[3].hasSuffix(", sent SIGKILL"))
        #expect(lines[4] == "processor (pid 42): closing, no tasks in flight after 10m01s")
        #expect(lines[5].hasPrefix("processor (pid 42): killed by SIGKILL after "))
        #expect(lines.last == "uploader: not running (no PID file p/uploader.pid)")
        #expect(captured.standardError.isEmpty)
    }

    @Test func refusalsAndSurvivorsGoToStandardError() {
        let captured = CapturedOutput()
        let reporter = StopProgressReporter(output: captured.output, liveLine: false, columns: 80, timeout: .seconds(1))
        reporter.finished(StopResult(role: .processor, outcome: .refused(reason: "not signalling the processor: PID 9 is `sleep 60`")))
        reporter.finished(StopResult(role: .uploader, outcome: .stillAlive(pid: 10)))
        #expect(captured.standardOutput.isEmpty)
        #expect(captured.standardError == """
            uvrctl: error: not signalling the processor: PID 9 is `sleep 60`
            uvrctl: error: the uploader (PID 10) is still alive after SIGKILL

            """)
    }

    /// On a terminal: one line rewritten in place for every role still exiting, cut to the terminal's width,
    /// cleared before each permanent line and at the end.
    @Test func terminalLiveLine() {
        let captured = CapturedOutput()
        let reporter = StopProgressReporter(output: captured.output(isTerminal: true), liveLine: true, columns: 100, timeout: .seconds(600))
        reporter.report(progress(.signalled("SIGTERM"), waited: 0, .running, 2))
        reporter.report(progress(.signalled("SIGTERM"), waited: 0, nil, nil, role: .uploader, pid: 43))
        reporter.report(progress(.waiting, waited: 12, .draining, 1))
        let live = "\r\u{1B}[Kwaiting for processor (pid 42, 12s, draining, 1 task in flight); uploader (pid 43, 0s)"
        #expect(captured.standardOutput.hasSuffix(live))
        reporter.finished(StopResult(role: .uploader, outcome: .stoppedGracefully(pid: 43)))
        #expect(captured.standardOutput.contains("\r\u{1B}[Kuploader (pid 43): stopped by itself after "))
        #expect(captured.standardOutput.hasSuffix("\r\u{1B}[Kwaiting for processor (pid 42, 12s, draining, 1 task in flight)"))
        reporter.report(progress(.killed, waited: 600, .draining, 1))
        let last = captured.standardOutput.components(separatedBy: "\r\u{1B}[K").last ?? ""
        #expect(last == "waiting for processor (pid 42, 10m00s, SIGKILL sent, draining, 1 task in flight)")
        reporter.finished(StopResult(role: .processor, outcome: .killed(pid: 42)))
        #expect(captured.standardOutput.hasSuffix("\n"), "the live line is gone once nothing is left to wait for")
        #expect(!captured.standardOutput.contains("waiting for processor (pid 42, 1s"), "no plain change lines on a terminal")

        let narrow = CapturedOutput()
        let cut = StopProgressReporter(output: narrow.output(isTerminal: true), liveLine: true, columns: 30, timeout: .seconds(600))
        cut.report(progress(.waiting, waited: 3, .draining, 5))  // unknown role: nothing to redraw yet
        cut.report(progress(.signalled("SIGINT"), waited: 0, .draining, 5))
        #expect(narrow.standardOutput.components(separatedBy: "\r\u{1B}[K").last == String("waiting for processor (pid 42, 0s, draining, 5 tasks in flight)".prefix(29)))
    }
}
