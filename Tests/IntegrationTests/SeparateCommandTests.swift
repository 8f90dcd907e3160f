import Foundation
import Testing
import TestSupport
import UVRAudio

/// `uvrctl separate` on the real binary: stems written, a summary line, one-line errors.
@Suite struct SeparateCommandTests {
    @Test func separatesASongIntoTwoStemsWithTheSameRateAndChannels() throws {
        let directory = try TemporaryDirectory()
        let song = directory.file("song.wav")
        // 2 s of stereo: a centred 220 Hz tone over a hard-left 330 Hz one.
        let writer = try AudioFileWriter(url: URL(fileURLWithPath: song), format: .wav(), sampleRate: 44_100, channelCount: 2)
        let samples = (0..<88_200).flatMap { index -> [Float] in
            let time = Float(index) / 44_100
            let centre = 0.3 * sin(2 * .pi * 220 * time)
            return [centre + 0.3 * sin(2 * .pi * 330 * time), centre]
        }
        try writer.write(samples)
        try writer.finish()
        let run = try UvrctlRun(["separate", song, "-o", directory.file("out"), "--format", "flac"], in: directory)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.hasPrefix("separated 0:02.0 of audio in "), "\(run.out)")
        for stem in ["vocals", "instrumental"] {
            let reader = try AudioFileReader(url: URL(fileURLWithPath: directory.file("out/\(stem).flac")))
            #expect(reader.sampleRate == 44_100 && reader.channelCount == 2)
            #expect(reader.frameCount == 88_200)
        }
    }

    @Test func undecodableAndMissingInputsAreOneLineErrors() throws {
        let directory = try TemporaryDirectory()
        let bad = try directory.write("bad.wav", "not audio at all")
        let undecodable = try UvrctlRun(["separate", bad, "-o", directory.file("out")], in: directory)
        #expect(undecodable.status == 1)
        #expect(undecodable.err.hasPrefix("uvrctl: error: unsupported_audio: \(bad): "), "\(undecodable.err)")
        #expect(undecodable.err.split(separator: "\n").count == 1)
        let missing = try UvrctlRun(["separate", directory.file("none.wav"), "-o", directory.file("out")], in: directory)
        #expect(missing.status == 1)
        #expect(missing.err == "uvrctl: error: audio_not_found: \(directory.file("none.wav")): no such file\n", "\(missing.err)")
        #expect(!FileManager.default.fileExists(atPath: directory.file("out/vocals.wav")))
    }
}
