import Foundation
import Testing
@testable import UVRAudio

@Suite struct AtomicWriteTests {
    @Test func fileAppearsOnlyWhenFinished() throws {
        let directory = try TestAudio.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("stem.flac")
        let writer = try AudioFileWriter(url: url, format: .flac, sampleRate: 44_100, channelCount: 2)
        try writer.write(TestAudio.tones(frames: 4_410, channels: 2, sampleRate: 44_100))
        #expect(!FileManager.default.fileExists(atPath: url.path))
        try writer.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["stem.flac"])
        #expect(try AudioFileReader(url: url).frameCount == 4_410)
    }

    @Test func abandonedWriterLeavesNothingBehind() throws {
        let directory = try TestAudio.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let writer = try AudioFileWriter(url: directory.appendingPathComponent("stem.wav"),
                                             format: .wav(), sampleRate: 8_000, channelCount: 1)
            try writer.write([0.1, 0.2, 0.3])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func replacingAnExistingFileIsAtomic() throws {
        let directory = try TestAudio.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("stem.wav")
        _ = try TestAudio.write([0.1, 0.1], to: url, encoding: .wavPCM24, sampleRate: 8_000, channels: 1)
        let writer = try AudioFileWriter(url: url, format: .wav(), sampleRate: 8_000, channelCount: 1)
        try writer.write([0.2, 0.2, 0.2])
        #expect(try AudioFileReader(url: url).frameCount == 2)
        try writer.finish()
        #expect(try AudioFileReader(url: url).frameCount == 3)
    }

    @Test func missingDirectoryIsAWriteFailure() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/stem.wav")
        #expect {
            _ = try AudioFileWriter(url: url, format: .wav(), sampleRate: 44_100, channelCount: 2)
        } throws: { ($0 as? AudioError)?.kind == .writeFailed }
    }

    @Test func outputFormatNamesAndExtensions() {
        #expect(OutputFormat(name: "wav") == .wav(.pcm24))
        #expect(OutputFormat(name: "wav-float") == .wav(.float))
        #expect(OutputFormat(name: "FLAC") == .flac)
        #expect(OutputFormat(name: "mp3") == nil)
        #expect(OutputFormat.flac.fileExtension == "flac")
        #expect(OutputFormat.wav(.float).fileExtension == "wav")
        #expect(OutputFormat.names.allSatisfy { OutputFormat(name: $0)?.description == $0 })
    }
}
