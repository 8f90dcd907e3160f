import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Facts about a process read from Linux's /proc (nil where /proc does not say).
public enum ProcFS {
    /// The process's start time after boot in clock ticks (/proc/PID/stat field 22).
    public static func startTime(of pid: Int32) -> UInt64? {
        guard let fields = statFields(of: pid), fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// The process's one-letter state (/proc/PID/stat field 3): R, S, D, Z, T…
    public static func state(of pid: Int32) -> Character? {
        statFields(of: pid)?.first?.first
    }

    /// The process's argv (/proc/PID/cmdline split at NUL bytes).
    public static func commandLine(of pid: Int32) -> [String]? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { return nil }
        return data.split(separator: 0, omittingEmptySubsequences: false)
            .dropLast(data.last == 0 ? 1 : 0)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether `pid` names a live process (a zombie counts as dead).
    public static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        if kill(pid, 0) != 0 && errno != EPERM { return false }
        return state(of: pid) != "Z"
    }

    /// Seconds since boot (/proc/uptime).
    public static func systemUptime() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }

    /// Clock ticks per second, the unit of `startTime(of:)`.
    public static var clockTicksPerSecond: Int { max(1, sysconf(Int32(_SC_CLK_TCK))) }

    /// Seconds the process has been running, from its start time and the system uptime.
    public static func uptime(ofProcessStartedAt startTime: UInt64) -> Double? {
        guard let systemUptime = systemUptime() else { return nil }
        return max(0, systemUptime - Double(startTime) / Double(clockTicksPerSecond))
    }

    /// The fields after the command name (which may itself contain spaces and parentheses).
    private static func statFields(of pid: Int32) -> [Substring]? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
    }
}
