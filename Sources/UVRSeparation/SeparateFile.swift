import Foundation
import UVRAudio

/// The outcome of `separateFile`: where the stems went and what the run measured.
public struct FileSeparationSummary: Sendable, Equatable {
    /// The written vocals stem, `DIR/vocals.<ext>`.
    public var vocals: URL
    /// The written instrumental stem, `DIR/instrumental.<ext>`.
    public var instrumental: URL
    /// Duration, rate, channels and wall time.
    public var report: SeparationReport

    /// One line for a terminal, e.g. "separated 3:25.4 of audio in 1.2 s (RTF 0.006): out/vocals.wav, out/instrumental.wav".
    public var summaryLine: String {
        let seconds = report.audioDurationSeconds
        let length = String(format: "%d:%04.1f", Int(seconds) / 60, seconds.truncatingRemainder(dividingBy: 60))
        return String(format: "separated %@ of audio in %.2f s (real-time factor %.4f): %@, %@",
                      length, report.wallTimeSeconds, report.realTimeFactor, vocals.path, instrumental.path)
    }
}

/// Separates `input` into `outputDirectory/vocals.<ext>` and `outputDirectory/instrumental.<ext>`
/// (creating the directory if needed), the work behind `uvrctl separate`. Blocks the calling thread.
/// - Parameters:
///   - progress: fraction done in [0, 1], called from the calling thread.
///   - cancellation: checked between blocks; a cancelled run throws `.cancelled` and leaves no stems.
public func separateFile(input: URL, outputDirectory: URL, format: OutputFormat = .wav(),
                         separator: any Separator = SpectralSeparator(),
                         progress: @Sendable (Double) -> Void = { _ in },
                         cancellation: CancellationFlag = CancellationFlag()) throws(SeparationError) -> FileSeparationSummary {
    do {
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
    } catch {
        throw SeparationError(.outputFailed, "\(outputDirectory.path): cannot create the output directory (\(error.localizedDescription))")
    }
    let request = SeparationRequest(
        input: input,
        vocalsOutput: outputDirectory.appendingPathComponent("vocals.\(format.fileExtension)"),
        instrumentalOutput: outputDirectory.appendingPathComponent("instrumental.\(format.fileExtension)"),
        format: format)
    let report = try separator.separate(request, progress: progress, cancellation: cancellation)
    return FileSeparationSummary(vocals: request.vocalsOutput, instrumental: request.instrumentalOutput, report: report)
}
