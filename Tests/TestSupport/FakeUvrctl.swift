import Foundation

/// A real child whose argv looks like `<dir>/uvrctl run-<role>`: a bash loop started with `exec -a`,
/// which locks the PID file and writes its own PID and /proc start time into it, as run-processor
/// does. `onTerm` is the bash trap for SIGTERM (`'exit 0'`, `''` to ignore, nil for the default);
/// the trap runs with `$UVR_STATEFILE` set to `<dir>/<role>.state.json`.
public final class FakeUvrctl {
    /// The child running the fake.
    public let child: ChildProcess
    /// The fake's PID.
    public var pid: Int32 { child.pid }

    /// Starts the fake and waits until its PID file names it. `command` defaults to `run-<role>`;
    /// `programName` and `recordedStartTimeOffset` let a test build impostors and reused PIDs.
    public init(directory: String, pidFile: String, command: String? = nil, role: String = "processor",
                onTerm: String?, programName: String = "uvrctl", recordedStartTimeOffset: Int = 0) throws {
        let trap = onTerm.map { "trap \($0) TERM; " } ?? ""
        // `9>&-` keeps the lock out of the short sleeps, so it dies with the loop itself.
        let inner = """
        exec 9<>"$UVR_PIDFILE"; flock -n 9 || exit 9; read -a f < /proc/$$/stat; \
        printf '%s\\nstarttime=%s role=\(role)\\n' $$ $(( ${f[21]} + \(recordedStartTimeOffset) )) > "$UVR_PIDFILE"; \
        \(trap)while :; do sleep 0.1 9>&-; done
        """
        let program = (directory as NSString).appendingPathComponent(programName)
        let stateFile = (directory as NSString).appendingPathComponent("\(role).state.json")
        child = try ChildProcess("/bin/bash", ["-c", "exec -a \"$0\" /bin/bash -c \"$1\" \(command ?? "run-\(role)")", program, inner],
                                 environment: ["UVR_PIDFILE": pidFile, "UVR_STATEFILE": stateFile, "PATH": "/usr/bin:/bin"])
        try waitUntil("the fake uvrctl wrote \(pidFile)") { [pid] in
            (try? String(contentsOfFile: pidFile, encoding: .utf8))?.split(separator: "\n").first == "\(pid)"
        }
    }

    /// Kills the process if a test left it running.
    public func terminate() { child.finish() }
}
