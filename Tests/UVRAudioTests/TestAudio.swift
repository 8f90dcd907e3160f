import Foundation
@testable import UVRAudio

/// Helpers shared by the audio tests: temporary directories and generated signals.
enum TestAudio {
    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("uvraudio-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Interleaved sines, a different frequency per channel, amplitude 0.5.
    static func tones(frames: Int, channels: Int, sampleRate: Int) -> [Float] {
        var samples = [Float](repeating: 0, count: frames * channels)
        for frame in 0..<frames {
            for channel in 0..<channels {
                let frequency = 220.0 * Double(channel + 1)
                samples[frame * channels + channel] = Float(0.5 * sin(2 * .pi * frequency * Double(frame) / Double(sampleRate)))
            }
        }
        return samples
    }

    /// Writes `samples` with libsndfile in `encoding` and returns the file.
    static func write(_ samples: [Float], to url: URL, encoding: AudioEncoding, sampleRate: Int, channels: Int) throws -> URL {
        let writer = try AudioFileWriter(url: url, encoding: encoding, sampleRate: sampleRate, channelCount: channels)
        try writer.write(samples)
        try writer.finish()
        return url
    }

    static func rms(_ samples: [Float]) -> Double {
        guard !samples.isEmpty else { return 0 }
        return (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
    }
}
