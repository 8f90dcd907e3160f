import Foundation

/// What a PID file says: the holder's PID, its start time (clock ticks after boot) and its role.
///
/// On disk: the PID alone on the first line (so `kill $(head -1 file)` still works), then
/// `starttime=<ticks> role=<role>`.
public struct PIDFileRecord: Sendable, Equatable {
    public var pid: Int32
    public var startTime: UInt64
    public var role: ProcessRole?

    public init(pid: Int32, startTime: UInt64, role: ProcessRole?) {
        self.pid = pid
        self.startTime = startTime
        self.role = role
    }

    /// The file's text.
    public var encoded: String {
        "\(pid)\nstarttime=\(startTime)" + (role.map { " role=\($0.rawValue)" } ?? "") + "\n"
    }

    /// Parses a PID file's text; nil when the first line is not a PID or the start time is missing.
    public init?(parsing text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard let first = lines.first, let pid = Int32(first.trimmingCharacters(in: .whitespaces)), pid > 0 else {
            return nil
        }
        var startTime: UInt64?
        var role: ProcessRole?
        for word in lines.dropFirst().flatMap({ $0.split(separator: " ") }) {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "starttime": startTime = UInt64(parts[1])
            case "role": role = ProcessRole(rawValue: parts[1])
            default: continue
            }
        }
        guard let startTime else { return nil }
        self.init(pid: pid, startTime: startTime, role: role)
    }
}
