import Foundation
import Testing
@testable import UVRSeparation

/// The stereo cue's second vocal direction: a harmony panned away from the lead stays a vocal.
@Suite struct VocalDirectionTests {
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

    /// The vocals estimate's distance (dB, signal to error) from the true voices with `settings`.
    private func vocalQuality(settings: SpectralSettings) throws -> Double {
        let rate = 16_000
        let (mixture, vocals) = song(sampleRate: rate)
        let directory = try Signals.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let estimate = try Signals.separate(mixture, sampleRate: rate, channels: 2, in: directory, settings: settings).vocals
        return Signals.signalToError(reference: vocals, estimate: estimate)
    }

    @Test func aHarmonyPannedAwayFromTheLeadStaysInTheVocals() throws {
        var leadOnly = SpectralSettings()
        leadOnly.directionSecondWeight = 0
        let withSecond = try vocalQuality(settings: SpectralSettings())
        let withoutSecond = try vocalQuality(settings: leadOnly)
        #expect(withSecond > withoutSecond + 1, "vocals \(withSecond) dB from the voices with a second direction, \(withoutSecond) dB without")
    }
}
