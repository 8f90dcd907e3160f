import Foundation
@testable import UVRAudio
@testable import UVRSeparation

/// Generated test signals and file helpers for the separation tests.
enum Signals {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("uvrseparation-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A deterministic pseudo-random generator (SplitMix64) so signals are reproducible.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform() -> Float { Float(next() >> 40) / Float(1 << 24) }
        mutating func signed() -> Float { uniform() * 2 - 1 }
    }

    /// A non-repeating "voice": random notes (harmonic tones with vibrato) of `noteSeconds` each.
    static func melody(seconds: Double, sampleRate: Int, seed: UInt64, lowHz: Float = 200, highHz: Float = 700,
                       noteSeconds: Double = 0.25, amplitude: Float = 0.3) -> [Float] {
        var random = Random(state: seed)
        let count = Int(seconds * Double(sampleRate))
        let noteLength = Int(noteSeconds * Double(sampleRate))
        var out = [Float](repeating: 0, count: count)
        var phase: Float = 0
        var frequency: Float = lowHz
        for i in 0..<count {
            if i % noteLength == 0 { frequency = lowHz * powf(highHz / lowHz, random.uniform()) }
            let vibrato = 1 + 0.01 * sinf(2 * .pi * 5.5 * Float(i) / Float(sampleRate))
            phase += 2 * .pi * frequency * vibrato / Float(sampleRate)
            if phase > 2 * .pi * 64 { phase -= 2 * .pi * 64 }
            var sample: Float = 0
            for harmonic in 1...5 { sample += sinf(phase * Float(harmonic)) / Float(harmonic) }
            let position = Float(i % noteLength) / Float(noteLength)
            let envelope = min(1, position * 20, (1 - position) * 20)
            out[i] = amplitude * 0.5 * sample * envelope
        }
        return out
    }

    /// Short bursts of noise high-passed above ~5 kHz (sibilants), at random moments.
    static func sibilants(seconds: Double, sampleRate: Int, seed: UInt64, amplitude: Float = 0.2) -> [Float] {
        var random = Random(state: seed)
        let count = Int(seconds * Double(sampleRate))
        var out = [Float](repeating: 0, count: count)
        let burst = Int(0.12 * Double(sampleRate))
        var start = Int(0.2 * Double(sampleRate))
        while start + burst < count {
            var previous: Float = 0, previous2: Float = 0
            for i in 0..<burst {
                let noise = random.signed()
                // Second difference: a crude high-pass that leaves mostly content above fs/8.
                let high = noise - 2 * previous + previous2
                previous2 = previous
                previous = noise
                let position = Float(i) / Float(burst)
                out[start + i] = amplitude * 0.25 * high * min(1, position * 10, (1 - position) * 10)
            }
            start += burst + Int((0.4 + 0.8 * Double(random.uniform())) * Double(sampleRate))
        }
        return out
    }

    /// A repeating accompaniment: the same one-second pattern of chord stabs over and over.
    static func repeatingPattern(seconds: Double, sampleRate: Int, amplitude: Float = 0.3) -> [Float] {
        let count = Int(seconds * Double(sampleRate))
        let bar = sampleRate
        let chords: [[Float]] = [[130.8, 164.8, 196.0], [146.8, 174.6, 220.0], [110.0, 130.8, 164.8], [98.0, 123.5, 146.8]]
        return (0..<count).map { i in
            let inBar = i % bar
            let step = inBar * 4 / bar
            let t = Float(inBar % (bar / 4)) / Float(sampleRate)
            let envelope = expf(-t * 6)
            return amplitude / 3 * envelope * chords[step].reduce(0) { $0 + sinf(2 * .pi * $1 * Float(i) / Float(sampleRate)) }
        }
    }

    /// Interleaves left and right planes.
    static func stereo(left: [Float], right: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: 2 * left.count)
        for i in 0..<left.count {
            out[2 * i] = left[i]
            out[2 * i + 1] = right[i]
        }
        return out
    }

    /// Writes a float WAV (exact samples) with libsndfile.
    static func writeFloatWAV(_ samples: [Float], to url: URL, sampleRate: Int, channels: Int) throws {
        let writer = try AudioFileWriter(url: url, format: .wav(.float), sampleRate: sampleRate, channelCount: channels)
        try writer.write(samples)
        try writer.finish()
    }

    static func read(_ url: URL) throws -> [Float] {
        try AudioFileReader(url: url).readAll()
    }

    /// Writes `samples` as a float WAV in a temporary directory, separates it with the spectral
    /// separator (`settings`), reads both stems back and removes the directory.
    static func separate(_ samples: [Float], sampleRate: Int, channels: Int, settings: SpectralSettings = SpectralSettings())
        throws -> (report: SeparationReport, vocals: [Float], instrumental: [Float]) {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("mixture.wav")
        try writeFloatWAV(samples, to: input, sampleRate: sampleRate, channels: channels)
        let summary = try separateFile(input: input, outputDirectory: directory.appendingPathComponent("out"), format: .wav(.float),
                                       separator: SpectralSeparator(settings: settings))
        return (summary.report, try read(summary.vocals), try read(summary.instrumental))
    }

    /// Energy ratio in dB of `reference` to the error `estimate − reference`.
    static func signalToError(reference: [Float], estimate: [Float]) -> Double {
        var signal = 0.0, error = 0.0
        for (r, e) in zip(reference, estimate) {
            signal += Double(r) * Double(r)
            error += Double(e - r) * Double(e - r)
        }
        return 10 * log10(signal / max(error, 1e-30))
    }

    /// Energy of `signal` above `hz`, summed over 4096-point frames.
    static func energy(above hz: Double, in signal: [Float], sampleRate: Int) -> Double {
        let fft = RealFFT(size: 4096)
        let firstBin = Int(hz / Double(sampleRate) * 4096)
        var total = 0.0
        var start = 0
        while start + 4096 <= signal.count {
            for i in 0..<4096 { fft.real[i] = signal[start + i] }
            fft.forward()
            for bin in firstBin..<fft.binCount {
                total += Double(fft.complex[2 * bin] * fft.complex[2 * bin] + fft.complex[2 * bin + 1] * fft.complex[2 * bin + 1])
            }
            start += 4096
        }
        return total
    }
}
