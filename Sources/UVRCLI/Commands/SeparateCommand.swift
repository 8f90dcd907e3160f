import Foundation
import Synchronization
import UVRAudio
import UVRCore
import UVRSeparation

/// `uvrctl separate`: separate one file without Kafka, with a progress bar on a terminal.
enum SeparateCommand: CommandBody {
    static let path = ["separate"]

    static func run(_ settings: SeparateSettings, context: CommandContext) async throws -> ExitCode {
        let separator = try RoleSetup.separator(settings.separator, environment: context.environment)
        let format: OutputFormat = settings.separator.format == .flac ? .flac : .wav()
        let cancellation = CancellationFlag()
        let signals: ProcessSignalSource?
        do throws(LifecycleError) {
            signals = try ProcessSignalSource(handling: [.terminate, .interrupt])
        } catch {
            signals = nil
        }
        if let signals {
            let stream = signals.signals
            Task.detached {
                for await signal in stream where signal.requestsShutdown {
                    cancellation.cancel()
                }
            }
        }
        defer { signals?.cancel() }
        let bar = ProgressBar(enabled: isatty(STDERR_FILENO) == 1, output: context.output)
        let input = settings.input
        let outputDirectory = settings.outputDirectory
        let result: Result<FileSeparationSummary, SeparationError> = await Task.detached {
            do throws(SeparationError) {
                return .success(try separateFile(input: input, outputDirectory: outputDirectory, format: format,
                                                 separator: separator, progress: { bar.update($0) }, cancellation: cancellation))
            } catch {
                return .failure(error)
            }
        }.value
        bar.finish()
        switch result {
        case .success(let summary):
            context.output.line(summary.summaryLine)
            return .success
        case .failure(let error) where error.code == .cancelled:
            context.output.error("separation cancelled; no stems written")
            return ExitCode(rawValue: 130)
        case .failure(let error):
            // The separator's message already names the file.
            throw CLIError.failure(error.description)
        }
    }
}

/// A one-line progress bar on standard error, redrawn in place; silent when not on a terminal.
final class ProgressBar: Sendable {
    private let enabled: Bool
    private let output: TextOutput
    private let lastPercent = Mutex<Int>(-1)

    init(enabled: Bool, output: TextOutput) {
        self.enabled = enabled
        self.output = output
    }

    /// Redraws the bar when the whole percentage changed.
    func update(_ fraction: Double) {
        guard enabled else { return }
        let percent = Int((min(max(fraction, 0), 1) * 100).rounded(.down))
        let changed = lastPercent.withLock { last in
            defer { last = percent }
            return last != percent
        }
        guard changed else { return }
        let filled = percent * 30 / 100
        output.standardError("\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled) + "] \(percent)%")
    }

    /// Clears the bar's line.
    func finish() {
        if enabled { output.standardError("\r\u{1B}[2K") }
    }
}
