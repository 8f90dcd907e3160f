import Foundation
import Testing
import TestSupport
import UVRAudio
@testable import UVRCore

@Suite struct TestSongTests {
    @Test func sameSeedRendersTheSameSamplesAndAnotherSeedDoesNot() {
        let song = TestSong(seconds: 1, seed: 7)
        #expect(song.render() == TestSong(seconds: 1, seed: 7).render())
        #expect(song.render() != TestSong(seconds: 1, seed: 8).render())
    }

    @Test func rendersStereoAtTheRequestedLengthPeakingBelowFullScale() {
        let song = TestSong(seconds: 1.5)
        let samples = song.render()
        #expect(samples.count == Int(1.5 * 44_100) * 2)
        let peak = samples.map(abs).max() ?? 0
        #expect(abs(peak - 0.85) < 0.001)
    }

    @Test func melodyIsCentredAndAccompanimentIsPanned() {
        let stems = TestSong(seconds: 2).renderStems()
        func sideEnergy(_ samples: [Float]) -> Float {
            stride(from: 0, to: samples.count, by: 2).reduce(Float(0)) { $0 + pow(samples[$1] - samples[$1 + 1], 2) }
        }
        func energy(_ samples: [Float]) -> Float { samples.reduce(0) { $0 + $1 * $1 } }
        #expect(energy(stems.vocals) > 0)
        #expect(sideEnergy(stems.vocals) == 0)
        // Panned voices differ between the channels: a real share of their energy is on the side.
        #expect(sideEnergy(stems.accompaniment) > 0.1 * energy(stems.accompaniment))
        #expect(zip(stems.mix, zip(stems.vocals, stems.accompaniment)).allSatisfy { $0 == $1.0 + $1.1 })
    }

    @Test func writtenFileReadsBackAs44100HzStereo() throws {
        let directory = try TemporaryDirectory()
        let url = URL(fileURLWithPath: directory.file("song.wav"))
        let song = TestSong(seconds: 1)
        try song.write(to: url)
        let reader = try AudioFileReader(url: url)
        #expect(reader.sampleRate == 44_100)
        #expect(reader.channelCount == 2)
        #expect(reader.frameCount == song.frameCount)
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["song.wav"])
    }
}
