import Foundation
import Testing
@testable import UVRSeparation

@Suite struct ReconstructionTests {
    /// Runs the streaming engine with a constant vocal gain over `input` pushed in uneven blocks.
    private func runEngine(_ input: [Float], channels: Int, sampleRate: Int, gain: Float,
                           settings: SpectralSettings = SpectralSettings()) throws -> (vocals: [Float], instrumental: [Float]) {
        let engine = SpectralEngine(sampleRate: sampleRate, channels: channels, settings: settings, constantGain: gain)
        var vocals: [Float] = [], instrumental: [Float] = []
        func emit(_ v: UnsafeBufferPointer<Float>, _ a: UnsafeBufferPointer<Float>) {
            vocals += v
            instrumental += a
        }
        var offset = 0
        var blockFrames = 999
        while offset < input.count {
            let end = min(input.count, offset + blockFrames * channels)
            try input.withUnsafeBufferPointer { try engine.push(interleaved: UnsafeBufferPointer(rebasing: $0[offset..<end]), emit: emit) }
            offset = end
            blockFrames = blockFrames * 3 % 7_919 + 100
        }
        try engine.finish(emit: emit)
        return (vocals, instrumental)
    }

    @Test(arguments: [(1, 8_000), (2, 44_100), (2, 22_050)])
    func stftThenInverseReconstructsTheInput(channels: Int, sampleRate: Int) throws {
        var random = Signals.Random(state: 7)
        let frames = sampleRate * 3 + 123
        let input = (0..<(frames * channels)).map { _ in random.signed() * 0.5 }
        var settings = SpectralSettings()
        settings.chunkSeconds = 0.7   // several chunks, so chunk seams are exercised
        settings.repetitionMaximumLagSeconds = 0.5
        let (vocals, instrumental) = try runEngine(input, channels: channels, sampleRate: sampleRate, gain: 1, settings: settings)
        #expect(vocals.count == input.count)
        let worst = zip(vocals, input).map { abs($0 - $1) }.max() ?? 1
        #expect(worst < 1e-5, "max reconstruction error \(worst)")
        #expect((instrumental.map(abs).max() ?? 1) < 1e-5)
    }

    @Test func zeroGainSendsEverythingToTheInstrumental() throws {
        let input = Signals.melody(seconds: 1, sampleRate: 16_000, seed: 3)
        let (vocals, instrumental) = try runEngine(input, channels: 1, sampleRate: 16_000, gain: 0)
        #expect(vocals.allSatisfy { $0 == 0 })
        #expect(instrumental == input)
    }

    /// Every input length comes back whole, including those whose last frames lie beyond the
    /// look-ahead limit when the input ends (once lost the end of about one song in a hundred).
    @Test(arguments: [false, true])
    func everyLengthComesBackWhole(refinement: Bool) throws {
        var settings = SpectralSettings()
        settings.chunkSeconds = 0.7
        settings.repetitionMaximumLagSeconds = 0.5
        settings.repetitionRefinement = refinement
        var random = Signals.Random(state: 11)
        for length in stride(from: 1, to: 24_000, by: 61) {
            let input = (0..<length).map { _ in random.signed() * 0.5 }
            let (vocals, instrumental) = try runEngine(input, channels: 1, sampleRate: 8_000, gain: 0.5, settings: settings)
            #expect(vocals.count == length && instrumental.count == length, "length \(length)")
        }
    }

    @Test func inputShorterThanOneFrameStillComesBackWhole() throws {
        let input: [Float] = [0.1, -0.2, 0.3, 0.05, -0.4]
        let (vocals, _) = try runEngine(input, channels: 1, sampleRate: 44_100, gain: 1)
        #expect(vocals.count == input.count)
        #expect(zip(vocals, input).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test(arguments: 1...32)
    func medianNetworkMatchesSorting(count: Int) {
        var random = Signals.Random(state: UInt64(count))
        let width = 16
        let rows = (0..<count).map { _ in (0..<width).map { _ in random.signed() } }
        let network = MedianNetwork(count: count)
        var output = [Float](repeating: 0, count: width)
        let scratch = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: 32)
        defer { scratch.deallocate() }
        let pointers = rows.map { row in
            let p = UnsafeMutablePointer<Float>.allocate(capacity: width)
            p.initialize(from: row, count: width)
            return UnsafePointer(p)
        }
        defer { pointers.forEach { UnsafeMutablePointer(mutating: $0).deallocate() } }
        pointers.withUnsafeBufferPointer { network.median(rows: $0.baseAddress!, width: width, output: &output, scratch: scratch) }
        for column in 0..<width {
            let sorted = rows.map { $0[column] }.sorted()
            let expected = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
            #expect(output[column] == expected)
        }
    }

    @Test(arguments: [(1, 0), (5, 3), (40, 20), (300, 20), (300, 299), (64, 64)])
    func keepMostSimilarKeepsTheLargestSimilarities(total: Int, count: Int) {
        var random = Signals.Random(state: UInt64(total * 1_000 + count))
        // Rounded values, so ties occur.
        let all = (0..<total).map { (similarity: (random.signed() * 8).rounded() / 8, frame: $0) }
        var kept = all
        keepMostSimilar(&kept, count: count)
        #expect(kept.count == min(count, total))
        let expected = all.map(\.similarity).sorted(by: >).prefix(count)
        #expect(kept.map(\.similarity).sorted(by: >) == Array(expected))
        #expect(Set(kept.map(\.frame)).count == kept.count)
    }
}
