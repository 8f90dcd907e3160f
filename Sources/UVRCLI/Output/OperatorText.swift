import Foundation

/// Short phrases that `stop` and `status` lines share: durations and tasks in flight.
enum OperatorText {
    /// An elapsed time: `0.4s` and `7s` below ten seconds, then `42s`, `3m12s`, `2h03m`, `3d04h`.
    static func duration(seconds: Double) -> String {
        let value = max(0, seconds)
        if value < 10 && value != value.rounded(.down) { return String(format: "%.1fs", value) }
        let whole = Int(value)
        switch whole {
        case ..<60: return "\(whole)s"
        case ..<3600: return "\(whole / 60)m" + twoDigits(whole % 60) + "s"
        case ..<86_400: return "\(whole / 3600)h" + twoDigits(whole % 3600 / 60) + "m"
        default: return "\(whole / 86_400)d" + twoDigits(whole % 86_400 / 3600) + "h"
        }
    }

    /// An elapsed `Duration`, as `duration(seconds:)`.
    static func duration(_ elapsed: Duration) -> String {
        duration(seconds: seconds(elapsed))
    }

    /// A setting in seconds as the operator typed it: `600s`, `2.5s`.
    static func setting(_ value: Duration) -> String {
        let seconds = seconds(value)
        return seconds == seconds.rounded(.down) ? "\(Int(seconds))s" : "\(seconds)s"
    }

    /// `no tasks in flight`, `1 task in flight`, `3 tasks in flight`.
    static func tasksInFlight(_ count: Int) -> String {
        switch count {
        case 0: "no tasks in flight"
        case 1: "1 task in flight"
        default: "\(count) tasks in flight"
        }
    }

    private static func seconds(_ value: Duration) -> Double {
        Double(value.components.seconds) + Double(value.components.attoseconds) / 1e18
    }

    private static func twoDigits(_ number: Int) -> String {
        number < 10 ? "0\(number)" : "\(number)"
    }
}
