import Foundation

/// What a running processor or uploader publishes in `<role>.state.json` for `status` and `stop`.
public struct RoleStateSnapshot: Codable, Sendable, Equatable {
    /// The lifecycle phase as operators see it.
    public enum Phase: String, Codable, Sendable, CaseIterable {
        case starting, running, draining, cancelling, closing
    }

    /// A task being worked on.
    public struct TaskInFlight: Codable, Sendable, Equatable {
        public var taskUUID: String
        public var startedAt: Date

        public init(taskUUID: String, startedAt: Date) {
            self.taskUUID = taskUUID
            self.startedAt = startedAt
        }

        enum CodingKeys: String, CodingKey {
            case taskUUID = "task_uuid"
            case startedAt = "started_at"
        }
    }

    public var role: ProcessRole
    public var pid: Int32
    public var state: Phase
    public var tasksInFlight: [TaskInFlight]
    public var startedAt: Date
    public var updatedAt: Date

    public init(role: ProcessRole, pid: Int32, state: Phase, tasksInFlight: [TaskInFlight], startedAt: Date, updatedAt: Date) {
        self.role = role
        self.pid = pid
        self.state = state
        self.tasksInFlight = tasksInFlight
        self.startedAt = startedAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case role, pid, state
        case tasksInFlight = "tasks_in_flight"
        case startedAt = "started_at"
        case updatedAt = "updated_at"
    }
}

extension RoleStateSnapshot.Phase {
    /// The phase matching a shutdown state (`exited` reads as closing: the process is on its way out).
    public init<Instant>(_ state: ShutdownStateMachine<Instant>.State) {
        switch state {
        case .running: self = .running
        case .draining: self = .draining
        case .cancelling: self = .cancelling
        case .closing, .exited: self = .closing
        }
    }
}
