import Foundation
import UVRCore

/// How `uvrctl status` shows roles: one line each, or a JSON array.
enum StatusText {
    /// `processor: running (pid 1234, up 3m12s, state draining, 2 tasks in flight: <uuid>, <uuid>)`,
    /// `uploader: not running`, or `uploader: not running (<why>)`.
    static func line(for status: RoleStatus) -> String {
        let role = status.role.rawValue
        guard status.running else { return "\(role): not running" + (status.note.map { " (\($0))" } ?? "") }
        var details = status.pid.map { ["pid \($0)"] } ?? []
        if let uptime = status.uptimeSeconds { details.append("up \(OperatorText.duration(seconds: uptime.rounded(.down)))") }
        if let state = status.state { details.append("state \(state.rawValue)") }
        if let tasks = status.tasksInFlight {
            let uuids = tasks.map(\.taskUUID).joined(separator: ", ")
            details.append(OperatorText.tasksInFlight(tasks.count) + (tasks.isEmpty ? "" : ": \(uuids)"))
        }
        return "\(role): running (\(details.joined(separator: ", ")))"
    }

    /// The `--json` document: an array with one object per role, every key present, dates in ISO 8601.
    static func json(_ statuses: [RoleStatus]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(statuses), as: UTF8.self)
    }
}
