import Foundation
import Testing
@testable import UVRAudio

@Suite struct UnsupportedInputTests {
    @Test func emptyFileIsUnsupported() throws {
        try expectUnsupported(bytes: [])
    }

    @Test func randomBytesAreUnsupported() throws {
        var generator = SystemRandomNumberGenerator()
        try expectUnsupported(bytes: (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    @Test(arguments: [AudioEncoding.wavPCM24, .flac24])
    func truncatedFileIsUnsupported(encoding: AudioEncoding) throws {
        let directory = try TestAudio.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = try TestAudio.write(TestAudio.tones(frames: 44_100, channels: 2, sampleRate: 44_100),
                                      to: directory.appendingPathComponent("whole"), encoding: encoding,
                                      sampleRate: 44_100, channels: 2)
        let bytes = try Data(contentsOf: url)
        try expectUnsupported(bytes: Array(bytes.prefix(bytes.count / 3)))
    }

    @Test func zeroFrameWAVIsUnsupported() throws {
        let directory = try TestAudio.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = try TestAudio.write([], to: directory.appendingPathComponent("silent.wav"),
                                      encoding: .wavPCM24, sampleRate: 44_100, channels: 2)
        #expect { _ = try readFully(url) } throws: { ($0 as? AudioError)?.kind == .unsupported }
    }

    @Test(arguments: [(3, 44_100), (6, 48_000), (2, 4_000), (1, 384_000)])
    func absurdChannelCountsAndRatesAreUnsupported(channels: Int, sampleRate: Int) throws {
        let directory = try TestAudio.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = try TestAudio.write([Float](repeating: 0.1, count: channels * 100),
                                      to: directory.appendingPathComponent("odd.wav"),
                                      encoding: .wavPCM16, sampleRate: sampleRate, channels: channels)
        #expect { _ = try AudioFileReader(url: url) } throws: { error in
            guard let error = error as? AudioError else { return false }
            return error.kind == .unsupported && (error.reason.contains("channels") || error.reason.contains("Hz"))
        }
    }

    @Test func missingFileIsNotFound() {
        #expect {
            _ = try AudioFileReader(url: URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString).wav"))
        } throws: { ($0 as? AudioError)?.kind == .notFound }
    }

    @Test func unsupportedErrorsCarryLibsndfilesReason() throws {
        let directory = try TestAudio.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("text.wav")
        try Data("this is not audio at all, just some words".utf8).write(to: url)
        #expect { _ = try AudioFileReader(url: url) } throws: { error in
            guard let error = error as? AudioError else { return false }
            return error.kind == .unsupported && error.reason.contains("ormat") && error.description.contains(url.path)
        }
    }

    private func readFully(_ url: URL) throws -> [Float] {
        try AudioFileReader(url: url).readAll()
    }

    private func expectUnsupported(bytes: [UInt8]) throws {
        let directory = try TestAudio.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("input.wav")
        try Data(bytes).write(to: url)
        #expect { _ = try readFully(url) } throws: { error in
            guard let error = error as? AudioError else { return false }
            return error.kind == .unsupported && !error.reason.isEmpty
        }
    }
}
