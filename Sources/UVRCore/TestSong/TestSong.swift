import Foundation
import UVRAudio

/// A deterministic generated test song, 44.1 kHz stereo: a centre-panned, vocal-like melody
/// (harmonics shaped by two formants, delayed vibrato) over panned chords and panned noise bursts.
///
/// `send-test` sends it when no `--file` is given. The parts are rendered separately too, so a
/// test or benchmark knows the ground truth: `vocals` is the centre melody, `accompaniment` the rest.
public struct TestSong: Sendable {
    /// Samples per second per channel.
    public static let sampleRate = 44_100
    /// Interleaved channels per frame (left, right).
    public static let channelCount = 2

    /// The song's length in seconds.
    public let seconds: Double
    /// Chooses the melody's notes and the noise; the same seed renders the same samples.
    public let seed: UInt64

    /// A song of `seconds` (at least 0.5) whose melody and noise follow `seed`.
    public init(seconds: Double = 4, seed: UInt64 = 1) {
        self.seconds = max(0.5, seconds)
        self.seed = seed
    }

    /// Frames per channel.
    public var frameCount: Int { Int(seconds * Double(Self.sampleRate)) }

    /// The rendered song: the mix and its two parts, interleaved stereo, peak-normalized together.
    public struct Stems: Sendable {
        /// The centre-panned melody alone.
        public let vocals: [Float]
        /// The panned chords and noise bursts alone.
        public let accompaniment: [Float]
        /// vocals + accompaniment, what the song file contains.
        public var mix: [Float] { zip(vocals, accompaniment).map { $0 + $1 } }
    }

    /// Renders the song and its parts; the mix peaks at 0.85.
    public func renderStems() -> Stems {
        var random = SeededRandom(seed: seed)
        var vocals = [Float](repeating: 0, count: frameCount * Self.channelCount)
        var accompaniment = vocals
        addMelody(to: &vocals, random: &random)
        addChords(to: &accompaniment)
        addNoiseBursts(to: &accompaniment, random: &random)
        let peak = zip(vocals, accompaniment).reduce(Float(0)) { max($0, abs($1.0 + $1.1)) }
        let gain = peak > 0 ? 0.85 / peak : 1
        return Stems(vocals: vocals.map { $0 * gain }, accompaniment: accompaniment.map { $0 * gain })
    }

    /// The song's interleaved stereo samples.
    public func render() -> [Float] { renderStems().mix }

    /// Writes the song to `url` atomically (a reader sees no file or the whole file).
    public func write(to url: URL, format: OutputFormat = .wav()) throws(AudioError) {
        try Self.write(render(), to: url, format: format)
    }

    /// Writes already rendered song samples (interleaved stereo at 44.1 kHz) to `url` atomically.
    public static func write(_ samples: [Float], to url: URL, format: OutputFormat = .wav()) throws(AudioError) {
        let writer = try AudioFileWriter(url: url, format: format, sampleRate: sampleRate, channelCount: channelCount)
        try writer.write(samples)
        try writer.finish()
    }

    // MARK: The parts

    /// A pentatonic line in a singer's range (A3…C5), half-second notes, harmonics weighted by an
    /// "ah" vowel's formants, vibrato that sets in after 120 ms, equal in both channels.
    private func addMelody(to buffer: inout [Float], random: inout SeededRandom) {
        let scale = [57, 60, 62, 64, 67, 69, 72]
        let noteFrames = Self.sampleRate / 2
        var degree = 3
        var phase = [Double](repeating: 0, count: 12)
        for start in stride(from: 0, to: frameCount, by: noteFrames) {
            degree = min(scale.count - 1, max(0, degree + Int(random.next() % 5) - 2))
            let frequency = 440 * pow(2, Double(scale[degree] - 69) / 12)
            let partials = (1...phase.count).filter { Double($0) * frequency < 8_000 }
            let weights = partials.map { Self.formantWeight(Double($0) * frequency) / Double($0) }
            let end = min(frameCount, start + noteFrames)
            for frame in start..<end {
                let t = Double(frame - start) / Double(Self.sampleRate)
                let vibratoDepth = t < 0.12 ? 0 : min(1, (t - 0.12) / 0.1) * 0.006
                let instantaneous = frequency * (1 + vibratoDepth * sin(2 * .pi * 5.5 * t))
                var sample = 0.0
                for (index, partial) in partials.enumerated() {
                    phase[index] += 2 * .pi * instantaneous * Double(partial) / Double(Self.sampleRate)
                    sample += weights[index] * sin(phase[index])
                }
                let value = Float(0.5 * sample * Self.envelope(frame - start, length: end - start, attack: 0.03, release: 0.06))
                buffer[2 * frame] += value
                buffer[2 * frame + 1] += value
            }
        }
    }

    /// Am–F–C–G, one chord per second, each voice at its own place in the stereo field.
    private func addChords(to buffer: inout [Float]) {
        let progression = [[45, 52, 60], [41, 53, 57], [48, 55, 64], [43, 50, 59]]
        let pans = [-0.7, 0.6, -0.2]
        let chordFrames = Self.sampleRate
        for (chordIndex, start) in stride(from: 0, to: frameCount, by: chordFrames).enumerated() {
            let chord = progression[chordIndex % progression.count]
            let end = min(frameCount, start + chordFrames)
            for (voice, note) in chord.enumerated() {
                let frequency = 440 * pow(2, Double(note - 69) / 12)
                let (left, right) = Self.panGains(pans[voice])
                for frame in start..<end {
                    let t = Double(frame - start) / Double(Self.sampleRate)
                    let tone = sin(2 * .pi * frequency * t) + 0.4 * sin(4 * .pi * frequency * t) + 0.15 * sin(6 * .pi * frequency * t)
                    let value = 0.12 * tone * exp(-1.2 * t) * Self.envelope(frame - start, length: end - start, attack: 0.01, release: 0.05)
                    buffer[2 * frame] += Float(value * left)
                    buffer[2 * frame + 1] += Float(value * right)
                }
            }
        }
    }

    /// A 60 ms high-passed noise burst every quarter second, alternately hard left and hard right.
    private func addNoiseBursts(to buffer: inout [Float], random: inout SeededRandom) {
        let burstFrames = Self.sampleRate * 60 / 1000
        for (index, start) in stride(from: 0, to: frameCount, by: Self.sampleRate / 4).enumerated() {
            let (left, right) = Self.panGains(index.isMultiple(of: 2) ? -0.8 : 0.8)
            var previousInput: Float = 0
            var previousOutput: Float = 0
            for frame in start..<min(frameCount, start + burstFrames) {
                let input = random.nextSigned()
                let highPassed = 0.85 * (previousOutput + input - previousInput)
                previousInput = input
                previousOutput = highPassed
                let value = 0.25 * highPassed * Float(exp(-Double(frame - start) / (0.015 * Double(Self.sampleRate))))
                buffer[2 * frame] += value * Float(left)
                buffer[2 * frame + 1] += value * Float(right)
            }
        }
    }

    /// Emphasis of an "ah" vowel: formants near 700 Hz and 1200 Hz over a floor.
    private static func formantWeight(_ frequency: Double) -> Double {
        0.3 + exp(-pow((frequency - 700) / 250, 2)) + 0.6 * exp(-pow((frequency - 1200) / 300, 2))
    }

    /// Constant-power gains for `pan` in -1 (left) … 1 (right).
    private static func panGains(_ pan: Double) -> (left: Double, right: Double) {
        let angle = (pan + 1) * .pi / 4
        return (cos(angle), sin(angle))
    }

    /// A linear attack and release (in seconds) over a note of `length` frames.
    private static func envelope(_ frame: Int, length: Int, attack: Double, release: Double) -> Double {
        let attackFrames = attack * Double(sampleRate)
        let releaseFrames = release * Double(sampleRate)
        let fromEnd = Double(length - frame)
        return min(1, Double(frame) / attackFrames, fromEnd / releaseFrames)
    }
}
