import Foundation
import Testing
@testable import UVRSeparation

/// The quiet-vocal guard: a song whose mask finds little confident vocal gives less away.
@Suite struct QuietVocalTests {
    /// Separates interleaved stereo `mixture` with `settings`; returns the instrumental.
    private func instrumental(_ mixture: [Float], sampleRate: Int, settings: SpectralSettings) throws -> [Float] {
        try Signals.separate(mixture, sampleRate: sampleRate, channels: 2, settings: settings).instrumental
    }

    /// A 20 s stereo mixture: a non-repeating wide accompaniment (two off-centre melodies over the
    /// repeating pattern) and a centre voice `voiceGain` times the usual level.
    private func song(voiceGain: Float, sampleRate: Int) -> [Float] {
        let seconds = 20.0
        let voice = Signals.melody(seconds: seconds, sampleRate: sampleRate, seed: 31, amplitude: 0.3 * voiceGain)
        let left = Signals.melody(seconds: seconds, sampleRate: sampleRate, seed: 32, lowHz: 150, highHz: 600, noteSeconds: 0.4)
        let right = Signals.melody(seconds: seconds, sampleRate: sampleRate, seed: 33, lowHz: 150, highHz: 600, noteSeconds: 0.4)
        let pattern = Signals.repeatingPattern(seconds: seconds, sampleRate: sampleRate)
        let accompanimentLeft = (0..<voice.count).map { pattern[$0] + left[$0] + 0.4 * right[$0] }
        let accompanimentRight = (0..<voice.count).map { pattern[$0] + 0.4 * left[$0] + right[$0] }
        return Signals.stereo(left: zip(accompanimentLeft, voice).map { $0 + $1 },
                              right: zip(accompanimentRight, voice).map { $0 + $1 })
    }

    @Test func aSongJudgedQuietGivesLessToTheVocals() throws {
        let rate = 16_000
        let mixture = song(voiceGain: 0.2, sampleRate: rate)
        var unguarded = SpectralSettings()
        unguarded.quietVocalBias = 0
        var judgedQuiet = SpectralSettings()
        judgedQuiet.quietScoreThreshold = 10   // every song scores below this
        let guarded = try instrumental(mixture, sampleRate: rate, settings: judgedQuiet)
        let plain = try instrumental(mixture, sampleRate: rate, settings: unguarded)
        // Frames before the decision (8 s) are left alone; after it the instrumental stays closer to the mixture.
        let decided = 2 * 9 * rate
        let early = 2 * 3 * rate
        let earlyUntouched = guarded[..<early].elementsEqual(plain[..<early])
        #expect(earlyUntouched, "the first seconds changed before the song was judged")
        let closeness = Signals.signalToError(reference: Array(mixture[decided...]), estimate: Array(guarded[decided...]))
        let plainCloseness = Signals.signalToError(reference: Array(mixture[decided...]), estimate: Array(plain[decided...]))
        #expect(closeness > plainCloseness + 3, "with the guard \(closeness) dB from the mixture, without \(plainCloseness) dB")
    }

    @Test func clearVoiceIsLeftAlone() throws {
        let rate = 16_000
        let mixture = song(voiceGain: 1.5, sampleRate: rate)
        var unguarded = SpectralSettings()
        unguarded.quietVocalBias = 0
        let guarded = try instrumental(mixture, sampleRate: rate, settings: SpectralSettings())
        let plain = try instrumental(mixture, sampleRate: rate, settings: unguarded)
        let identical = guarded.elementsEqual(plain)
        #expect(identical, "a clear voice must not be judged quiet")
    }
}
