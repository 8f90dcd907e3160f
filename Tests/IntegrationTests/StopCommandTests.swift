import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `uvrctl stop` run as the real binary against real child processes and real signals.
@Suite struct StopCommandTests {
    /// A PID directory with fakes in it; every fake is killed at the end whatever the test did.
    private final class Scene {
        let directory: TemporaryDirectory
        var pidDirectory: String { directory.file("pids") }
        private var fakes: [FakeUvrctl] = []

        init() throws {
            directory = try TemporaryDirectory()
            try FileManager.default.createDirectory(atPath: directory.file("pids"), withIntermediateDirectories: true)
        }

        func pidFile(_ role: String) -> String { (pidDirectory as NSString).appendingPathComponent("\(role).pid") }

        /// Starts a fake `uvrctl run-<role>` with `onTerm` as its TERM trap.
        func start(_ role: String, onTerm: String?, programName: String = "uvrctl") throws -> FakeUvrctl {
            let fake = try FakeUvrctl(directory: pidDirectory, pidFile: pidFile(role), role: role, onTerm: onTerm, programName: programName)
            fakes.append(fake)
            return fake
        }

        func stop(_ arguments: [String] = []) throws -> UvrctlRun {
            try UvrctlRun(["stop", "--pid-dir", pidDirectory] + arguments, in: directory)
        }

        deinit {
            fakes.forEach { $0.terminate() }
            directory.remove()
        }
    }

    @Test func processExitingOnTermStopsByItselfAndExits0() throws {
        let scene = try Scene()
        let fake = try scene.start("processor", onTerm: "'exit 0'")
        let run = try scene.stop(["processor"])
        #expect(run.status == 0)
        #expect(run.out.hasPrefix("processor (pid \(fake.pid)): sent SIGTERM, waiting up to 600s\n"))
        #expect(run.out.contains("processor (pid \(fake.pid)): stopped by itself after "))
        #expect(run.err.isEmpty)
        #expect(fake.child.exitCode == 0, "the trap ran: it was SIGTERM, and it was allowed to finish")
        #expect(!FileManager.default.fileExists(atPath: scene.pidFile("processor")), "the PID file left behind is removed")
    }

    @Test func processIgnoringTermIsKilledAndExits1() throws {
        let scene = try Scene()
        let fake = try scene.start("uploader", onTerm: "''")
        let run = try scene.stop(["uploader", "--timeout", "1"])
        #expect(run.status == 1)
        #expect(run.out.contains("uploader (pid \(fake.pid)): sent SIGTERM, waiting up to 1s\n"))
        #expect(run.out.contains("uploader (pid \(fake.pid)): still running after "))
        #expect(run.out.contains("uploader (pid \(fake.pid)): killed by SIGKILL after "))
        #expect(fake.child.terminatingSignal == SIGKILL)
        #expect(!FileManager.default.fileExists(atPath: scene.pidFile("uploader")))
    }

    /// A plain (non-terminal) run prints one line per change of state or tasks, not one per second.
    @Test func plainOutputHasALinePerStateChange() throws {
        let scene = try Scene()
        let state = { (phase: String, tasks: String) in
            #"printf '{"role":"processor","pid":%s,"state":"\#(phase)","tasks_in_flight":[\#(tasks)],"started_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z"}' $$ > "$UVR_STATEFILE.tmp"; mv "$UVR_STATEFILE.tmp" "$UVR_STATEFILE"; "#
        }
        let task = #"{"task_uuid":"3f1c","started_at":"2026-01-01T00:00:00.000Z"}"#
        // Drains for 2.5 s after SIGTERM (one task in flight), then closes and exits.
        let trap = "'" + state("draining", task).replacingOccurrences(of: "'", with: #"'\''"#)
            + "sleep 2.5 9>&-; " + state("closing", "").replacingOccurrences(of: "'", with: #"'\''"#) + "sleep 2.2 9>&-; exit 0'"
        let fake = try scene.start("processor", onTerm: trap)
        let run = try scene.stop()
        #expect(run.status == 0)
        let lines = run.out.split(separator: "\n").map(String.init)
        let label = "processor (pid \(fake.pid))"
        #expect(lines.filter { $0.hasPrefix("\(label): draining, 1 task in flight after ") }.count == 1, "\(lines)")
        #expect(lines.filter { $0.hasPrefix("\(label): closing, no tasks in flight after ") }.count == 1, "\(lines)")
        #expect(lines.last?.hasPrefix("\(label): stopped by itself after ") == true)
        #expect(lines.contains("uploader: not running (no PID file \(scene.pidFile("uploader")))"))
        #expect(!run.out.contains("\u{1B}"), "no terminal control sequences when stdout is not a terminal")
        #expect(!FileManager.default.fileExists(atPath: (scene.pidDirectory as NSString).appendingPathComponent("processor.state.json")))
    }

    @Test func stalePIDFileIsRemovedWithANoteAndExits0() throws {
        let scene = try Scene()
        let exited = try ChildProcess("/bin/true", [])
        exited.wait()
        try "\(exited.pid)\nstarttime=1 role=processor\n".write(toFile: scene.pidFile("processor"), atomically: false, encoding: .utf8)
        let run = try scene.stop(["processor"])
        #expect(run.status == 0)
        #expect(run.out == "processor: removed stale PID file \(scene.pidFile("processor")): PID \(exited.pid) is not running\n")
        #expect(!FileManager.default.fileExists(atPath: scene.pidFile("processor")))
    }

    /// An unrelated process named by a PID file nobody locks: the file is stale; the process lives on.
    @Test func unlockedPIDFileOfAnUnrelatedProcessIsStaleAndTheProcessIsSpared() throws {
        let scene = try Scene()
        let sleeper = try startUnrelatedSleeper()
        defer { sleeper.finish() }
        let startTime = try #require(try String(contentsOfFile: "/proc/\(sleeper.pid)/stat", encoding: .utf8)
            .split(separator: ")").last?.split(separator: " ").dropFirst(19).first)
        try "\(sleeper.pid)\nstarttime=\(startTime) role=processor\n".write(toFile: scene.pidFile("processor"), atomically: false, encoding: .utf8)
        let run = try scene.stop(["processor"])
        #expect(run.status == 0)
        #expect(run.out.contains("removed stale PID file") && run.out.contains("PID \(sleeper.pid) is `/bin/sleep 60`, not uvrctl run-processor"))
        #expect(sleeper.isRunning)
    }

    /// A live process that holds the PID file's lock but is not uvrctl: never signalled, stop says why and exits 1.
    @Test func lockedPIDFileOfAnUnrelatedProcessIsRefused() throws {
        let scene = try Scene()
        let impostor = try scene.start("processor", onTerm: "'exit 0'", programName: "python3")
        let run = try scene.stop(["processor"])
        #expect(run.status == 1)
        #expect(run.out.isEmpty)
        #expect(run.err.hasPrefix("uvrctl: error: not signalling the processor: PID \(impostor.pid) is `\(scene.pidDirectory)/python3 -c "))
        #expect(run.err.hasSuffix("…`, not uvrctl run-processor, yet the lock of \(scene.pidFile("processor")) is held\n"), "a long command line is cut short")
        #expect(run.err.split(separator: "\n").count == 1)
        #expect(impostor.child.isRunning, "its TERM trap would have ended it: it was never signalled")
        #expect(FileManager.default.fileExists(atPath: scene.pidFile("processor")))
    }

    @Test func missingPIDDirectoryIsNothingToStop() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = directory.file("never-created")
        let run = try UvrctlRun(["stop", "--timeout", "5"], in: directory, environment: ["UVRCTL_PID_DIR": missing])
        #expect(run.status == 0)
        #expect(run.out == "nothing to stop: there is no PID directory \(missing)\n")
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    /// Each fake exits on SIGTERM only once the other has received SIGTERM too: stopping one after
    /// the other would time out and need SIGKILL (exit 1); stopping both at once exits 0.
    @Test func stopAllStopsBothRolesInParallel() throws {
        let scene = try Scene()
        let marker = { (role: String) in scene.directory.file("\(role).got-term") }
        let trap = { (me: String, other: String) in
            "'touch \(marker(me)); while [ ! -e \(marker(other)) ]; do sleep 0.05 9>&-; done; exit 0'"
        }
        let processor = try scene.start("processor", onTerm: trap("processor", "uploader"))
        let uploader = try scene.start("uploader", onTerm: trap("uploader", "processor"))
        let run = try scene.stop(["all", "--timeout", "20"])
        #expect(run.status == 0, "\(run.out)\(run.err)")
        #expect(run.out.contains("processor (pid \(processor.pid)): stopped by itself"))
        #expect(run.out.contains("uploader (pid \(uploader.pid)): stopped by itself"))
        #expect(processor.child.exitCode == 0 && uploader.child.exitCode == 0)
    }

    /// On a terminal (a pty from script(1)) stop rewrites one live line naming what it waits for.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func terminalGetsALiveLine() throws {
        let scene = try Scene()
        let fake = try scene.start("processor", onTerm: "'sleep 2.5 9>&-; exit 0'")
        let command = "stty cols 120; '\(try UvrctlBinary.path())' stop processor --pid-dir '\(scene.pidDirectory)'"
        let child = try ChildProcess("/usr/bin/script", ["-qfec", command, "/dev/null"],
                                     environment: ["PATH": "/usr/bin:/bin", "TERM": "xterm"],
                                     standardOutputFile: scene.directory.file("tty.out"))
        #expect(child.exitCode == 0)
        let transcript = scene.directory.contents("tty.out")
        // The live line is redrawn in place (carriage return, erase line); which second it shows
        // first depends on the machine's load, so only its shape is checked.
        #expect(transcript.contains("\r\u{1B}[Kwaiting for processor (pid \(fake.pid), "), "\(transcript.debugDescription)")
        #expect(transcript.contains("processor (pid \(fake.pid)): stopped by itself after "))
    }
}
