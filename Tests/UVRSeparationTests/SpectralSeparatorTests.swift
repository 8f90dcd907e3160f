import Foundation
import Synchronization
import Testing
@testable import UVRAudio
@testable import UVRSeparation

@Suite struct SpectralSeparatorTests {
    @Test func stemsSumToTheMixture() throws {
        let rate = 22_050
        let voice = Signals.melody(seconds: 4, sampleRate: rate, seed: 1)
        let band = Signals.repeatingPattern(seconds: 4, sampleRate: rate)
        let mixture = Signals.stereo(left: zip(voice, band).map { $0 + $1 }, right: zip(voice, band).map { $0 + 0.5 * $1 })
        let (report, vocals, instrumental) = try Signals.separate(mixture, sampleRate: rate, channels: 2)
        #expect(report.sampleRate == rate && report.channels == 2)
        #expect(abs(report.audioDurationSeconds - 4) < 1e-9)
        #expect(vocals.count == mixture.count && instrumental.count == mixture.count)
        let worst = zip(zip(vocals, instrumental), mixture).map { abs($0.0 + $0.1 - $1) }.max() ?? 1
        #expect(worst < 1e-6, "vocals + instrumental differs from the mixture by \(worst)")
        // Not a trivial split: each stem carries a real share of the energy.
        #expect(Signals.signalToError(reference: mixture, estimate: vocals) < 20)
        #expect(Signals.signalToError(reference: mixture, estimate: instrumental) < 20)
    }

    @Test func monoInputGivesMonoStems() throws {
        let rate = 16_000
        let voice = Signals.melody(seconds: 4, sampleRate: rate, seed: 2)
        let band = Signals.repeatingPattern(seconds: 4, sampleRate: rate)
        let mixture = zip(voice, band).map { $0 + $1 }
        let (report, vocals, instrumental) = try Signals.separate(mixture, sampleRate: rate, channels: 1)
        #expect(report.channels == 1)
        #expect(vocals.count == mixture.count)
        #expect((zip(zip(vocals, instrumental), mixture).map { abs($0.0 + $0.1 - $1) }.max() ?? 1) < 1e-6)
        // Repetition alone must already favour the voice in the vocals and the pattern in the instrumental.
        #expect(Signals.signalToError(reference: voice, estimate: vocals) > 3)
        #expect(Signals.signalToError(reference: band, estimate: instrumental) > 3)
    }

    @Test func centrePannedVoiceGoesToVocalsAndHardPannedToInstrumental() throws {
        let rate = 22_050
        let centre = Signals.melody(seconds: 6, sampleRate: rate, seed: 11, amplitude: 0.3)
        let side = Signals.melody(seconds: 6, sampleRate: rate, seed: 12, lowHz: 300, highHz: 900, amplitude: 0.2)
        let mixture = Signals.stereo(left: zip(centre, side).map { $0 + $1 }, right: centre)
        let (_, vocals, instrumental) = try Signals.separate(mixture, sampleRate: rate, channels: 2)
        let centreStereo = Signals.stereo(left: centre, right: centre)
        let sideStereo = Signals.stereo(left: side, right: [Float](repeating: 0, count: side.count))
        let vocalQuality = Signals.signalToError(reference: centreStereo, estimate: vocals)
        let instrumentalQuality = Signals.signalToError(reference: sideStereo, estimate: instrumental)
        #expect(vocalQuality > 6, "centre voice in vocals: \(vocalQuality) dB")
        #expect(instrumentalQuality > 3, "hard-panned voice in instrumental: \(instrumentalQuality) dB")
    }

    @Test func fullBandCentreVoiceKeepsItsHighsInTheVocals() throws {
        let rate = 44_100
        let seconds = 6.0
        let voice = zip(Signals.melody(seconds: seconds, sampleRate: rate, seed: 21),
                        Signals.sibilants(seconds: seconds, sampleRate: rate, seed: 22)).map { $0 + $1 }
        let band = Signals.repeatingPattern(seconds: seconds, sampleRate: rate)
        let mixture = Signals.stereo(left: zip(voice, band).map { $0 + $1 }, right: zip(voice, band).map { $0 + 0.3 * $1 })
        let (_, vocals, _) = try Signals.separate(mixture, sampleRate: rate, channels: 2)
        let left = stride(from: 0, to: vocals.count, by: 2).map { vocals[$0] }
        let kept = Signals.energy(above: 5_000, in: left, sampleRate: rate)
        let original = Signals.energy(above: 5_000, in: voice, sampleRate: rate)
        #expect(original > 0)
        #expect(kept / original > 0.5, "vocals keep \(Int(100 * kept / original))% of the voice's energy above 5 kHz")
    }

    @Test func flacOutputIsWrittenWithItsExtension() throws {
        let directory = try Signals.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rate = 8_000
        let mixture = Signals.melody(seconds: 2, sampleRate: rate, seed: 5)
        let input = directory.appendingPathComponent("mixture.wav")
        try Signals.writeFloatWAV(mixture, to: input, sampleRate: rate, channels: 1)
        let summary = try separateFile(input: input, outputDirectory: directory.appendingPathComponent("out/deeper"), format: .flac)
        #expect(summary.vocals.lastPathComponent == "vocals.flac")
        #expect(summary.instrumental.lastPathComponent == "instrumental.flac")
        #expect(try AudioFileReader(url: summary.instrumental).frameCount == mixture.count)
        #expect(summary.summaryLine.contains("0:02.0"))
    }

    @Test func progressRisesToOne() throws {
        let directory = try Signals.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("mixture.wav")
        try Signals.writeFloatWAV(Signals.melody(seconds: 20, sampleRate: 8_000, seed: 9), to: input, sampleRate: 8_000, channels: 1)
        let seen = Mutex<[Double]>([])
        _ = try separateFile(input: input, outputDirectory: directory, progress: { value in seen.withLock { $0.append(value) } })
        let values = seen.withLock { $0 }
        #expect(values.count > 2)
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(values.last == 1)
    }
}
