import Foundation
import UVRCore

/// `uvrctl stop`: signal running roles and wait for them to exit.
enum StopCommand: CommandBody {
    static let path = ["stop"]

    static func run(_ settings: StopSettings, context: CommandContext) async throws -> ExitCode {
        let directory = settings.pidDirectory.path
        guard FileManager.default.fileExists(atPath: directory) else {
            context.output.line("nothing to stop: there is no PID directory \(directory)")
            return .success
        }
        let live = context.output.isTerminal && context.environment["TERM"] != "dumb"
        let reporter = StopProgressReporter(
            output: context.output, liveLine: live,
            columns: live ? TerminalSize.columns(environment: context.environment) : 80, timeout: settings.timeout)
        let stopper = Stopper(pidDirectory: directory, signal: settings.signal.number, timeout: settings.timeout)
        let results = await stopper.stop(settings.roles, progress: reporter.report, finished: reporter.finished)
        return ExitCode(rawValue: Stopper.exitCode(for: results))
    }
}
