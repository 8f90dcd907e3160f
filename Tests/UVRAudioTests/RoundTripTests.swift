import Foundation
import Testing
@testable import UVRAudio

@Suite struct RoundTripTests {
    @Test(arguments: [8_000, 22_050, 44_100, 48_000, 96_000, 192_000], [1, 2])
    func losslessWAVRoundTripsAtEveryRate(sampleRate: Int, channels: Int) throws {
        try expectLosslessRoundTrip(encoding: .wavPCM24, sampleRate: sampleRate, channels: channels, tolerance: 2e-7)
    }

    @Test(arguments: [8_000, 44_100, 96_000, 192_000])
    func flacRoundTripsAtEveryRate(sampleRate: Int) throws {
        try expectLosslessRoundTrip(encoding: .flac24, sampleRate: sampleRate, channels: 2, tolerance: 2e-7)
    }

    @Test func floatWAVAndPCM16AIFFRoundTrip() throws {
        try expectLosslessRoundTrip(encoding: .wavFloat, sampleRate: 44_100, channels: 2, tolerance: 0)
        try expectLosslessRoundTrip(encoding: .aiffPCM16, sampleRate: 44_100, channels: 2, tolerance: 4e-5)
        try expectLosslessRoundTrip(encoding: .wavPCM16, sampleRate: 16_000, channels: 1, tolerance: 4e-5)
    }

    @Test(arguments: [(AudioEncoding.oggVorbis, 44_100), (.oggOpus, 48_000), (.mp3, 44_100), (.mp3, 22_050)])
    func lossyFormatsDecode(encoding: AudioEncoding, sampleRate: Int) throws {
        let directory = try TestAudio.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let frames = sampleRate
        let original = TestAudio.tones(frames: frames, channels: 2, sampleRate: sampleRate)
        let url = try TestAudio.write(original, to: directory.appendingPathComponent("lossy"),
                                      encoding: encoding, sampleRate: sampleRate, channels: 2)
        let reader = try AudioFileReader(url: url)
        #expect(reader.sampleRate == sampleRate)
        #expect(reader.channelCount == 2)
        let decoded = try reader.readAll()
        // Codecs add priming delay and padding: compare length loosely and loudness, not samples.
        #expect(abs(decoded.count / 2 - frames) < frames / 10)
        let ratio = TestAudio.rms(decoded) / TestAudio.rms(original)
        #expect(ratio > 0.8 && ratio < 1.2, "loudness ratio \(ratio)")
    }

    @Test func floatWAVKeepsSamplesBeyondFullScale() throws {
        let directory = try TestAudio.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("loud.wav")
        let writer = try AudioFileWriter(url: url, format: .wav(.float), sampleRate: 44_100, channelCount: 1)
        try writer.write([1.5, -2.0, 0.25])
        try writer.finish()
        #expect(try AudioFileReader(url: url).readAll() == [1.5, -2.0, 0.25])
    }

    @Test func pcm24ClipsInsteadOfWrapping() throws {
        let directory = try TestAudio.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("clip.wav")
        let writer = try AudioFileWriter(url: url, format: .wav(), sampleRate: 44_100, channelCount: 1)
        try writer.write([1.5, -2.0])
        try writer.finish()
        let back = try AudioFileReader(url: url).readAll()
        #expect(back[0] > 0.999 && back[1] < -0.999)
    }

    private func expectLosslessRoundTrip(encoding: AudioEncoding, sampleRate: Int, channels: Int, tolerance: Float) throws {
        let directory = try TestAudio.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let frames = sampleRate / 4 + 17
        let original = TestAudio.tones(frames: frames, channels: channels, sampleRate: sampleRate)
        let url = try TestAudio.write(original, to: directory.appendingPathComponent("round-trip"),
                                      encoding: encoding, sampleRate: sampleRate, channels: channels)
        let reader = try AudioFileReader(url: url)
        #expect(reader.sampleRate == sampleRate)
        #expect(reader.channelCount == channels)
        #expect(reader.frameCount == frames)
        // Read in odd-sized blocks to exercise the streaming path.
        var decoded: [Float] = []
        while case let block = try reader.read(frames: 1_000), !block.isEmpty {
            decoded.append(contentsOf: block)
        }
        #expect(decoded.count == original.count)
        let worst = zip(decoded, original).map { abs($0 - $1) }.max() ?? 1
        #expect(worst <= tolerance, "max error \(worst)")
    }
}
