import Foundation
import Synchronization
import UVRCore

/// Tells the operator what `uvrctl stop` is waiting for, from the Stopper's threads.
///
/// Events (signal sent, SIGKILL sent, a role done) are permanent lines on standard output;
/// refusals and survivors of SIGKILL are errors on standard error. While roles are still
/// exiting, a terminal gets one live line rewritten in place (role, PID, seconds waited, state
/// and tasks in flight); any other output gets a plain line only when a role's state or its
/// number of tasks in flight changes.
final class StopProgressReporter: Sendable {
    /// What is known about a role being waited for.
    private struct Waiting {
        var progress: StopProgress
        var signalledAt: ContinuousClock.Instant
        var lastPrinted: Detail
    }

    /// The part of a progress report worth a plain line when it changes.
    private struct Detail: Equatable {
        var state: RoleStateSnapshot.Phase?
        var tasksInFlight: Int?
    }

    private struct Display {
        var waiting: [ProcessRole: Waiting] = [:]
        var liveLineShown = false
    }

    private static let clearLine = "\r\u{1B}[K"

    private let output: TextOutput
    private let liveLine: Bool
    private let columns: Int
    private let timeout: Duration
    private let display = Mutex(Display())

    /// `liveLine` on a terminal `columns` wide; `timeout` is the wait before SIGKILL, as announced.
    init(output: TextOutput, liveLine: Bool, columns: Int, timeout: Duration) {
        self.output = output
        self.liveLine = liveLine
        self.columns = max(columns, 20)
        self.timeout = timeout
    }

    /// Takes one progress report of the Stopper.
    func report(_ progress: StopProgress) {
        display.withLock { display in
            let detail = Detail(state: progress.state, tasksInFlight: progress.tasksInFlight)
            let label = Self.label(progress.role, pid: progress.pid)
            switch progress.step {
            case .signalled(let signal):
                display.waiting[progress.role] = Waiting(progress: progress, signalledAt: .now, lastPrinted: detail)
                permanent("\(label): sent \(signal), waiting up to \(OperatorText.setting(timeout))\(Self.parenthesised(detail))", in: &display)
            case .killed:
                display.waiting[progress.role, default: Waiting(progress: progress, signalledAt: .now, lastPrinted: detail)].progress = progress
                let waited = display.waiting[progress.role].map { OperatorText.duration($0.signalledAt.duration(to: .now)) }
                permanent("\(label): still running after \(waited ?? OperatorText.setting(timeout)), sent SIGKILL", in: &display)
            case .waiting, .waitingAfterKill:
                guard var waiting = display.waiting[progress.role] else { return }
                waiting.progress = progress
                // A vanished state file (the process removes it on its way out) is no news.
                if !liveLine, detail.state != nil, detail != waiting.lastPrinted {
                    waiting.lastPrinted = detail
                    let waited = OperatorText.duration(seconds: Double(progress.secondsWaited))
                    permanent("\(label): \(Self.describe(detail)) after \(waited)", in: &display)
                }
                display.waiting[progress.role] = waiting
            }
            redraw(&display)
        }
    }

    /// Takes a role's final result.
    func finished(_ result: StopResult) {
        display.withLock { display in
            let waiting = display.waiting.removeValue(forKey: result.role)
            let after = waiting.map { " after " + OperatorText.duration($0.signalledAt.duration(to: .now)) } ?? ""
            switch result.outcome {
            case .stoppedGracefully(let pid):
                permanent("\(Self.label(result.role, pid: pid)): stopped by itself\(after)", in: &display)
            case .killed(let pid):
                permanent("\(Self.label(result.role, pid: pid)): killed by SIGKILL\(after)", in: &display)
            case .stillAlive(let pid):
                problem("the \(result.role.rawValue) (PID \(pid)) is still alive after SIGKILL", in: &display)
            case .notRunning(let note):
                permanent("\(result.role.rawValue): \(note)", in: &display)
            case .refused(let reason):
                problem(reason, in: &display)
            }
            redraw(&display)
        }
    }

    private func permanent(_ line: String, in display: inout Display) {
        clearLiveLine(&display)
        output.line(line)
    }

    private func problem(_ message: String, in display: inout Display) {
        clearLiveLine(&display)
        output.error(message)
    }

    private func clearLiveLine(_ display: inout Display) {
        guard display.liveLineShown else { return }
        output.standardOutput(Self.clearLine)
        display.liveLineShown = false
    }

    /// Rewrites the live line for the roles still being waited for (terminals only).
    private func redraw(_ display: inout Display) {
        guard liveLine else { return }
        let waiting = ProcessRole.allCases.compactMap { display.waiting[$0]?.progress }
        guard !waiting.isEmpty else { return clearLiveLine(&display) }
        let text = "waiting for " + waiting.map(Self.liveDescription).joined(separator: "; ")
        output.standardOutput(Self.clearLine + String(text.prefix(columns - 1)))
        display.liveLineShown = true
    }

    /// `processor (pid 4242, 12s, draining, 2 tasks in flight)`; after SIGKILL `…, 601s, SIGKILL sent)`.
    private static func liveDescription(_ progress: StopProgress) -> String {
        var parts = ["pid \(progress.pid)", OperatorText.duration(seconds: Double(progress.secondsWaited))]
        if progress.step == .killed || progress.step == .waitingAfterKill { parts.append("SIGKILL sent") }
        let detail = describe(Detail(state: progress.state, tasksInFlight: progress.tasksInFlight))
        if !detail.isEmpty { parts.append(detail) }
        return "\(progress.role.rawValue) (\(parts.joined(separator: ", ")))"
    }

    private static func label(_ role: ProcessRole, pid: Int32) -> String {
        "\(role.rawValue) (pid \(pid))"
    }

    /// `draining, 2 tasks in flight`; empty when the process publishes no state.
    private static func describe(_ detail: Detail) -> String {
        [detail.state?.rawValue, detail.tasksInFlight.map(OperatorText.tasksInFlight)].compactMap { $0 }.joined(separator: ", ")
    }

    private static func parenthesised(_ detail: Detail) -> String {
        let text = describe(detail)
        return text.isEmpty ? "" : " (\(text))"
    }
}
