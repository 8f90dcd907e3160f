import Foundation

/// One role's line in `uvrctl status` (and its `--json` object).
public struct RoleStatus: Codable, Sendable, Equatable {
    public var role: ProcessRole
    public var running: Bool
    public var pid: Int32?
    public var uptimeSeconds: Double?
    /// What the process says it is doing (from its state file).
    public var state: RoleStateSnapshot.Phase?
    public var tasksInFlight: [RoleStateSnapshot.TaskInFlight]?
    /// Why the role counts as not running, when there is more to say than "no PID file".
    public var note: String?

    public init(role: ProcessRole, running: Bool, pid: Int32? = nil, uptimeSeconds: Double? = nil,
                state: RoleStateSnapshot.Phase? = nil, tasksInFlight: [RoleStateSnapshot.TaskInFlight]? = nil, note: String? = nil) {
        self.role = role
        self.running = running
        self.pid = pid
        self.uptimeSeconds = uptimeSeconds
        self.state = state
        self.tasksInFlight = tasksInFlight
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case role, running, pid, state, note
        case uptimeSeconds = "uptime_seconds"
        case tasksInFlight = "tasks_in_flight"
    }

    /// Writes every key, null where nothing is known, so `status --json` has one shape; uptime in whole seconds.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encode(running, forKey: .running)
        try container.encode(pid, forKey: .pid)
        try container.encode(uptimeSeconds.map { Int($0) }, forKey: .uptimeSeconds)
        try container.encode(state, forKey: .state)
        try container.encode(tasksInFlight, forKey: .tasksInFlight)
        try container.encode(note, forKey: .note)
    }

    /// Reads the status of each role from the PID and state files in `pidDirectory` (verified against /proc).
    public static func collect(_ roles: [ProcessRole], pidDirectory: String) -> [RoleStatus] {
        roles.map { role in
            let pidPath = PIDFile.path(directory: pidDirectory, role: role)
            switch ProcessIdentity.check(pidFile: pidPath, role: role) {
            case .noPIDFile:
                return RoleStatus(role: role, running: false)
            case .stale(_, let reason):
                return RoleStatus(role: role, running: false, note: "stale PID file \(pidPath): \(reason)")
            case .refused(let reason):
                return RoleStatus(role: role, running: false, note: reason)
            case .verified(let record):
                let snapshot = (try? StateFile(directory: pidDirectory, role: role).read()).flatMap { $0?.pid == record.pid ? $0 : nil }
                return RoleStatus(role: role, running: true, pid: record.pid,
                                  uptimeSeconds: ProcFS.uptime(ofProcessStartedAt: record.startTime),
                                  state: snapshot?.state, tasksInFlight: snapshot?.tasksInFlight)
            }
        }
    }

    /// `status`'s exit code (LSB): 0 when every listed role runs, 3 otherwise.
    public static func exitCode(for statuses: [RoleStatus]) -> Int32 {
        statuses.allSatisfy(\.running) ? 0 : 3
    }
}
