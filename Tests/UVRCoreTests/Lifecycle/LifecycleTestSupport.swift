import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import UVRCore

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("uvrctl-lifecycle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Errors the test helpers raise instead of hanging.
struct TestSetupError: Error, CustomStringConvertible {
    let description: String
}

/// A real child process whose argv looks like `<dir>/uvrctl <command>`: a bash loop started with
/// `exec -a`, which locks the PID file and writes its own PID and /proc start time into it,
/// exactly as run-processor does. `onTerm` is the bash trap for SIGTERM (`exit 0`, `''` to ignore).
final class FakeUvrctl {
    let process = Process()
    var pid: Int32 { process.processIdentifier }

    init(directory: String, pidFile: String, command: String = "run-processor", role: ProcessRole = .processor,
         onTerm: String?, programName: String = "uvrctl", recordedStartTimeOffset: Int = 0) throws {
        let trap = onTerm.map { "trap \($0) TERM; " } ?? ""
        let inner = """
        exec 9<>"$UVR_PIDFILE"; flock -n 9 || exit 9; read -a f < /proc/$$/stat; \
        printf '%s\\nstarttime=%s role=\(role.rawValue)\\n' $$ $(( ${f[21]} + \(recordedStartTimeOffset) )) > "$UVR_PIDFILE"; \
        \(trap)while :; do sleep 0.1; done
        """
        let program = (directory as NSString).appendingPathComponent(programName)
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "exec -a \"$0\" /bin/bash -c \"$1\" \(command)", program, inner]
        process.environment = ["UVR_PIDFILE": pidFile, "PATH": "/usr/bin:/bin"]
        try process.run()
        try waitUntil("the fake uvrctl wrote \(pidFile)") { [pid] in PIDFile.readRecord(at: pidFile)?.pid == pid }
    }

    /// Kills the process if a test left it running.
    func terminate() {
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }
}

/// Waits (sleeping briefly between checks, up to 20 s) until `condition` holds; throws if it never does.
func waitUntil(_ what: String, _ condition: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(20)
    while !condition() {
        guard Date() < deadline else { throw TestSetupError(description: "gave up waiting until \(what)") }
        usleep(20_000)
    }
}

/// Starts `/bin/sleep 60`, an unrelated live process whose PID tests can write into PID files.
func startUnrelatedSleeper() throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sleep")
    process.arguments = ["60"]
    try process.run()
    try waitUntil("sleep has exec-ed") { ProcFS.commandLine(of: process.processIdentifier)?.first == "/bin/sleep" }
    return process
}

/// Stops a helper process if it is still running.
func finish(_ process: Process) {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
}
