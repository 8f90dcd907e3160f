import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `uvrctl stop` against the real `uvrctl run-processor`: a task held in flight by a slow
/// separator, a drain timeout longer than stop's `--timeout 2`, so stop escalates to SIGKILL.
@Suite struct RealProcessorStopTests {
    @Test
    func drainingProcessorIsKilledAfterTheTimeoutAndStopExits1() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for folder in ["in", "out"] {
            try FileManager.default.createDirectory(atPath: directory.file(folder), withIntermediateDirectories: true)
        }
        let uvrctl = try UvrctlBinary.path()
        let broker = try BrokerProcess(in: directory)
        defer { broker.process.finish() }
        let bootstrap = broker.bootstrapServers

        let song = directory.file("in/song.wav")
        #expect(try ChildProcess("/usr/bin/sox", ["-n", "-r", "44100", "-c", "2", song, "synth", "3", "sine", "440"]).exitCode == 0)
        let pids = directory.file("pids")
        let processor = try ChildProcess(uvrctl, [
            "run-processor", "--bootstrap-servers", bootstrap, "--input-dir", directory.file("in"),
            "--output-dir", directory.file("out"), "--pid-dir", pids, "--drain-timeout", "30",
        ], environment: ["PATH": "/usr/bin:/bin", "UVRCTL_TEST_SEPARATOR": "sleep:60"],
           standardOutputFile: directory.file("processor.out"), standardErrorFile: directory.file("processor.err"))
        defer { processor.finish() }

        let uuid = "3f1c9a2e-6b1d-4c1e-9a55-0d6f4a1b2c3d"
        try #"{"task_uuid":"\#(uuid)","audio_path":"\#(song)","hook_url":"http://127.0.0.1:9/hook"}"#
            .write(toFile: directory.file("task.json"), atomically: true, encoding: .utf8)
        let producer = try ChildProcess("/usr/bin/kcat", ["-P", "-b", bootstrap, "-t", "uvr-tasks", "-k", uuid, directory.file("task.json")])
        #expect(producer.exitCode == 0)
        try waitUntil("the processor has the task in flight") { directory.contents("pids/processor.state.json").contains(uuid) }

        let status = try UvrctlRun(["status", "processor", "--pid-dir", pids], in: directory)
        #expect(status.status == 0)
        #expect(status.out.hasPrefix("processor: running (pid \(processor.pid), up "))
        #expect(status.out.hasSuffix("state running, 1 task in flight: \(uuid))\n"))

        let stop = try UvrctlRun(["stop", "processor", "--pid-dir", pids, "--timeout", "2"], in: directory)
        #expect(stop.status == 1, "\(stop.out)\(stop.err)")
        let label = "processor (pid \(processor.pid))"
        #expect(stop.out.hasPrefix("\(label): sent SIGTERM, waiting up to 2s (running, 1 task in flight)\n"))
        #expect(stop.out.contains("\(label): still running after "))
        #expect(stop.out.hasSuffix("\(label): killed by SIGKILL after " + (stop.out.split(separator: " ").last ?? "")))
        #expect(processor.terminatingSignal == SIGKILL)
        #expect(directory.contents("processor.err").contains("Received SIGTERM, initiating graceful shutdown..."),
                "it was draining, not ignoring the signal")
        #expect(!FileManager.default.fileExists(atPath: directory.file("pids/processor.pid")))
        #expect(!FileManager.default.fileExists(atPath: directory.file("pids/processor.state.json")))

        let after = try UvrctlRun(["status", "processor", "--pid-dir", pids], in: directory)
        #expect(after.status == 3 && after.out == "processor: not running\n")
    }
}
