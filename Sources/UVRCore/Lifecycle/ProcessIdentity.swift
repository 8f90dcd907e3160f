import Foundation

/// What a PID file turned out to name, checked against /proc before anything is signalled.
public enum ProcessIdentityCheck: Sendable, Equatable {
    /// The file's PID is the live uvrctl of that role that wrote it (argv, start time and lock agree).
    case verified(PIDFileRecord)
    /// There is no PID file.
    case noPIDFile
    /// Nobody holds the file's lock: the file is left over and may be removed; `reason` says more.
    case stale(PIDFileRecord?, reason: String)
    /// The lock is held but the process does not match the file: never signal, never remove.
    case refused(reason: String)
}

/// Proves that a PID file names the uvrctl process of a role (guards `stop` against PID reuse).
public enum ProcessIdentity {
    /// The executable name a uvrctl process has in argv[0].
    public static let executableName = "uvrctl"

    /// Checks the PID file at `path` for `role`: file, lock, liveness, argv and start time.
    public static func check(pidFile path: String, role: ProcessRole) -> ProcessIdentityCheck {
        guard let data = FileManager.default.contents(atPath: path) else { return .noPIDFile }
        let lockHeld = PIDFile.isLockHeld(at: path) ?? false
        guard let record = PIDFileRecord(parsing: String(decoding: data, as: UTF8.self)) else {
            let reason = "\(path) does not hold a PID and a start time"
            return lockHeld ? .refused(reason: reason + ", yet its lock is held") : .stale(nil, reason: reason)
        }
        if let mismatch = mismatch(record: record, role: role) {
            return lockHeld ? .refused(reason: mismatch + ", yet the lock of \(path) is held") : .stale(record, reason: mismatch)
        }
        guard lockHeld else {
            return .stale(record, reason: "nobody holds the lock of \(path)")
        }
        return .verified(record)
    }

    /// Why `record` does not name a live uvrctl `role` process, or nil when it does.
    public static func mismatch(record: PIDFileRecord, role: ProcessRole) -> String? {
        let pid = record.pid
        if let recordedRole = record.role, recordedRole != role {
            return "the PID file is for the \(recordedRole.rawValue), not the \(role.rawValue)"
        }
        guard ProcFS.isAlive(pid) else { return "PID \(pid) is not running" }
        guard let argv = ProcFS.commandLine(of: pid), let program = argv.first else {
            return "cannot read the command line of PID \(pid)"
        }
        let expected = "\(executableName) \(role.runCommand)"
        guard (program as NSString).lastPathComponent == executableName, argv.dropFirst().contains(role.runCommand) else {
            let shown = argv.prefix(3).joined(separator: " ")
            return "PID \(pid) is `\(shown.count > 80 ? shown.prefix(79) + "…" : shown)`, not \(expected)"
        }
        guard let startTime = ProcFS.startTime(of: pid) else { return "cannot read the start time of PID \(pid)" }
        guard startTime == record.startTime else {
            return "PID \(pid) started at tick \(startTime), not \(record.startTime) as the PID file says (the PID was reused)"
        }
        return nil
    }
}
