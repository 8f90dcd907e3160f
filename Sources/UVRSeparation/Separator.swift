import Foundation
import UVRAudio

/// What to separate and where the two stems go.
public struct SeparationRequest: Sendable, Equatable {
    /// The mixture to read.
    public var input: URL
    /// Where the vocals stem is written (atomically).
    public var vocalsOutput: URL
    /// Where the instrumental stem is written (atomically).
    public var instrumentalOutput: URL
    /// Container and encoding of both stems.
    public var format: OutputFormat

    /// Creates a request.
    public init(input: URL, vocalsOutput: URL, instrumentalOutput: URL, format: OutputFormat = .wav()) {
        self.input = input
        self.vocalsOutput = vocalsOutput
        self.instrumentalOutput = instrumentalOutput
        self.format = format
    }
}

/// What a finished separation measured.
public struct SeparationReport: Sendable, Equatable {
    /// Length of the input audio in seconds.
    public var audioDurationSeconds: Double
    /// The input's sample rate in Hz (the stems keep it).
    public var sampleRate: Int
    /// The input's channel count (the stems keep it).
    public var channels: Int
    /// Wall-clock seconds the separation took, decode and encode included.
    public var wallTimeSeconds: Double

    /// Creates a report.
    public init(audioDurationSeconds: Double, sampleRate: Int, channels: Int, wallTimeSeconds: Double) {
        self.audioDurationSeconds = audioDurationSeconds
        self.sampleRate = sampleRate
        self.channels = channels
        self.wallTimeSeconds = wallTimeSeconds
    }

    /// Wall time per second of audio (0.01 = a minute of audio in 0.6 s).
    public var realTimeFactor: Double {
        audioDurationSeconds > 0 ? wallTimeSeconds / audioDurationSeconds : 0
    }
}

/// Splits one audio file into vocals and instrumental stems.
///
/// `separate` blocks the calling thread (run it on a dedicated thread or queue, never on Swift's
/// cooperative pool), reports progress in [0, 1], checks `cancellation` between blocks and stops
/// within 2 s of it being set, and either writes both stems (each atomically) or throws a
/// `SeparationError`. Nothing partial is left at the output paths.
public protocol Separator: Sendable {
    /// Runs the separation described by `request`.
    func separate(_ request: SeparationRequest, progress: @Sendable (Double) -> Void,
                  cancellation: CancellationFlag) throws(SeparationError) -> SeparationReport
}
