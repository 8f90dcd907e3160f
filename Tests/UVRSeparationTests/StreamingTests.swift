import Foundation
import Testing
@testable import UVRSeparation

@Suite struct StreamingTests {
    /// Separates `input` (mono) with the real cues, pushing blocks of `blockFrames`.
    private func separate(_ input: [Float], sampleRate: Int, settings: SpectralSettings, blockFrames: Int) throws -> [Float] {
        let engine = SpectralEngine(sampleRate: sampleRate, channels: 2, settings: settings)
        var vocals: [Float] = []
        func emit(_ v: UnsafeBufferPointer<Float>, _ a: UnsafeBufferPointer<Float>) { vocals += v }
        var offset = 0
        while offset < input.count {
            let end = min(input.count, offset + 2 * blockFrames)
            try input.withUnsafeBufferPointer { try engine.push(interleaved: UnsafeBufferPointer(rebasing: $0[offset..<end]), emit: emit) }
            offset = end
        }
        try engine.finish(emit: emit)
        return vocals
    }

    @Test func outputDoesNotDependOnHowTheInputIsCutIntoBlocks() throws {
        // Short chunks and lags so that rings wrap and many chunks pass in a few seconds of audio.
        var settings = SpectralSettings()
        settings.chunkSeconds = 1.5
        settings.repetitionMaximumLagSeconds = 2.5
        settings.repetitionMinimumLagSeconds = 0.5
        let rate = 8_000
        let voice = Signals.melody(seconds: 12, sampleRate: rate, seed: 4)
        let band = Signals.repeatingPattern(seconds: 12, sampleRate: rate)
        let input = Signals.stereo(left: zip(voice, band).map { $0 + $1 }, right: zip(voice, band).map { $0 + 0.5 * $1 })
        let small = try separate(input, sampleRate: rate, settings: settings, blockFrames: 333)
        let large = try separate(input, sampleRate: rate, settings: settings, blockFrames: 50_000)
        #expect(small.count == input.count)
        #expect(small == large)
        // And the cues did something: the voice dominates the vocals.
        let vocalsLeft = stride(from: 0, to: small.count, by: 2).map { small[$0] }
        #expect(Signals.signalToError(reference: voice, estimate: vocalsLeft) > 3)
    }
}
