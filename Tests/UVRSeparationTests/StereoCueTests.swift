import Foundation
import Testing
@testable import UVRSeparation

/// The stereo cue: a harmony panned away from the lead stays a vocal (the second direction); a
/// part whose channels are out of phase goes to the instrumental (the phase penalty).
@Suite struct StereoCueTests {
    /// A 20 s stereo song at 16 kHz: a lead voice panned left, a quieter harmony voice panned
    /// right and a repeating centre accompaniment; returns the mixture and the two voices' stereo sum.
    private func song(sampleRate: Int) -> (mixture: [Float], vocals: [Float]) {
        let seconds = 20.0
        let lead = Signals.melody(seconds: seconds, sampleRate: sampleRate, seed: 41)
        let harmony = Signals.melody(seconds: seconds, sampleRate: sampleRate, seed: 42, amplitude: 0.18)
        let pattern = Signals.repeatingPattern(seconds: seconds, sampleRate: sampleRate)
        // Pan angles 0.35 and 1.2 rad (π/4 is the centre): gains cos θ to the left, sin θ to the right.
        let (leadLeft, leadRight) = (cosf(0.35), sinf(0.35))
        let (harmonyLeft, harmonyRight) = (cosf(1.2), sinf(1.2))
        let vocalsLeft = (0..<lead.count).map { leadLeft * lead[$0] + harmonyLeft * harmony[$0] }
        let vocalsRight = (0..<lead.count).map { leadRight * lead[$0] + harmonyRight * harmony[$0] }
        let vocals = Signals.stereo(left: vocalsLeft, right: vocalsRight)
        let mixture = Signals.stereo(left: zip(vocalsLeft, pattern).map { $0 + $1 },
                                     right: zip(vocalsRight, pattern).map { $0 + $1 })
        return (mixture, vocals)
    }

    /// A 20 s stereo song at 16 kHz: a centre voice, a non-repeating melody of equal level in both
    /// channels but of opposite phase (a "widened" synth) and the repeating centre accompaniment.
    private func songWithAntiphasePart(sampleRate: Int) -> (mixture: [Float], vocals: [Float]) {
        let seconds = 20.0
        let voice = Signals.melody(seconds: seconds, sampleRate: sampleRate, seed: 51)
        let synth = Signals.melody(seconds: seconds, sampleRate: sampleRate, seed: 52, lowHz: 250, highHz: 800, noteSeconds: 0.3)
        let pattern = Signals.repeatingPattern(seconds: seconds, sampleRate: sampleRate)
        let mixture = Signals.stereo(left: (0..<voice.count).map { voice[$0] + synth[$0] + pattern[$0] },
                                     right: (0..<voice.count).map { voice[$0] - synth[$0] + pattern[$0] })
        return (mixture, Signals.stereo(left: voice, right: voice))
    }

    /// The vocals estimate's distance (dB, signal to error) from the true voices of `song`, with
    /// the default settings and with one cue turned off by `disable`.
    private func vocalQuality(of song: (Int) -> (mixture: [Float], vocals: [Float]),
                              disabling disable: (inout SpectralSettings) -> Void) throws -> (on: Double, off: Double) {
        let rate = 16_000
        let (mixture, vocals) = song(rate)
        var without = SpectralSettings()
        disable(&without)
        let on = try Signals.separate(mixture, sampleRate: rate, channels: 2).vocals
        let off = try Signals.separate(mixture, sampleRate: rate, channels: 2, settings: without).vocals
        return (Signals.signalToError(reference: vocals, estimate: on), Signals.signalToError(reference: vocals, estimate: off))
    }

    @Test func aHarmonyPannedAwayFromTheLeadStaysInTheVocals() throws {
        let (withSecond, withoutSecond) = try vocalQuality(of: song) { $0.directionSecondWeight = 0 }
        #expect(withSecond > withoutSecond + 1, "vocals \(withSecond) dB from the voices with a second direction, \(withoutSecond) dB without")
    }

    @Test func aPartOutOfPhaseBetweenTheChannelsLeavesTheVocals() throws {
        let (withPenalty, withoutPenalty) = try vocalQuality(of: songWithAntiphasePart) { $0.phasePenalty = 0 }
        #expect(withPenalty > withoutPenalty + 3, "vocals \(withPenalty) dB from the voice with the phase penalty, \(withoutPenalty) dB without")
    }
}
