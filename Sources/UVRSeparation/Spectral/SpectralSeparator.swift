import Foundation
import UVRAudio

/// The built-in separator: a streaming STFT mask estimator (repetition, stereo position, band
/// prior, multichannel Wiener step) that needs no model files and runs far faster than real time
/// on one core with memory independent of the song's length.
public struct SpectralSeparator: Separator {
    /// The tunables; the defaults are the tuned values.
    public var settings: SpectralSettings
    /// Frames read from the input per block.
    static let readBlockFrames = 16_384

    /// Creates a separator with `settings`.
    public init(settings: SpectralSettings = SpectralSettings()) {
        self.settings = settings
    }

    public func separate(_ request: SeparationRequest, progress: @Sendable (Double) -> Void,
                         cancellation: CancellationFlag) throws(SeparationError) -> SeparationReport {
        let started = ContinuousClock.now
        do {
            let reader = try AudioFileReader(url: request.input)
            let vocals = try AudioFileWriter(url: request.vocalsOutput, format: request.format,
                                             sampleRate: reader.sampleRate, channelCount: reader.channelCount)
            let instrumental = try AudioFileWriter(url: request.instrumentalOutput, format: request.format,
                                                   sampleRate: reader.sampleRate, channelCount: reader.channelCount)
            let engine = SpectralEngine(sampleRate: reader.sampleRate, channels: reader.channelCount,
                                        settings: settings, cancellation: cancellation)
            let channels = reader.channelCount
            let expectedFrames = Double(max(reader.frameCount, 1))
            func emit(_ vocalSamples: UnsafeBufferPointer<Float>, _ instrumentalSamples: UnsafeBufferPointer<Float>) throws {
                try vocals.write(vocalSamples)
                try instrumental.write(instrumentalSamples)
                progress(min(1, Double(vocals.framesWritten) / expectedFrames))
            }
            var block = [Float](repeating: 0, count: Self.readBlockFrames * channels)
            while true {
                try cancellation.check()
                let got = try block.withUnsafeMutableBufferPointer { buffer throws(AudioError) in
                    try reader.read(into: buffer, frames: Self.readBlockFrames)
                }
                if got == 0 { break }
                try block.withUnsafeBufferPointer { buffer in
                    try engine.push(interleaved: UnsafeBufferPointer(rebasing: buffer[0..<(got * channels)]), emit: emit)
                }
            }
            try engine.finish(emit: emit)
            try cancellation.check()
            try vocals.finish()
            do {
                try instrumental.finish()
            } catch {
                try? FileManager.default.removeItem(at: request.vocalsOutput)
                throw error
            }
            progress(1)
            let elapsed = ContinuousClock.now - started
            return SeparationReport(
                audioDurationSeconds: Double(reader.framesRead) / Double(reader.sampleRate),
                sampleRate: reader.sampleRate, channels: channels,
                wallTimeSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        } catch let error as SeparationError {
            throw error
        } catch let error as AudioError {
            throw SeparationError(error)
        } catch {
            throw SeparationError(.separationFailed, "\(request.input.path): \(error)")
        }
    }
}
