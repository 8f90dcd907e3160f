import Foundation
import Testing
@testable import UVRSeparation

@Suite struct PitchTrackerTests {
    /// A magnitude spectrum (4096-point FFT at 44.1 kHz) with harmonics of `f0` decaying as 1/h.
    private func harmonicFrame(f0: Double, binHz: Double, bins: Int) -> [Float] {
        var frame = [Float](repeating: 0.001, count: bins)
        var harmonic = 1.0
        while harmonic * f0 < binHz * Double(bins - 2) {
            frame[Int((harmonic * f0 / binHz).rounded())] += Float(1 / harmonic)
            harmonic += 1
        }
        return frame
    }

    private func hz(_ tracker: PitchTracker, _ candidate: Int, binHz: Double) -> Double {
        Double(tracker.candidateBins[candidate]) * binHz
    }

    @Test func followsTheFundamentalNotASubOctaveAndIgnoresAOneFrameDistractor() {
        let binHz = 44_100.0 / 4_096, top = Int(5_000 / binHz)
        let tracker = PitchTracker(lowHz: 80, highHz: 900, binHz: binHz, topBin: top, chunkFrames: 12,
                                   jumpCost: 1, emptyHarmonicCost: 2)
        for index in 0..<12 {
            // Frame 6 holds a louder unrelated tone: a per-frame argmax would jump there.
            let f0 = index == 6 ? 523.0 : 220.0
            var frame = harmonicFrame(f0: f0, binHz: binHz, bins: top + 2)
            if index == 6 { frame = zip(frame, harmonicFrame(f0: 220, binHz: binHz, bins: top + 2)).map { $0 + 0.3 * $1 } }
            frame.withUnsafeBufferPointer { _ = tracker.score(index: index, estimate: $0.baseAddress!) }
        }
        let path = tracker.path(count: 12)
        for (index, candidate) in path.enumerated() {
            let frequency = hz(tracker, candidate, binHz: binHz)
            #expect(abs(frequency / 220 - 1) < 0.03, "frame \(index): tracked \(frequency) Hz, want 220 Hz")
        }
    }

    @Test func withoutContinuityEachFrameTakesItsBestCandidate() {
        let binHz = 44_100.0 / 4_096, top = Int(5_000 / binHz)
        let tracker = PitchTracker(lowHz: 80, highHz: 900, binHz: binHz, topBin: top, chunkFrames: 4,
                                   jumpCost: 0, emptyHarmonicCost: 2)
        for (index, f0) in [150.0, 300.0, 150.0, 440.0].enumerated() {
            let frame = harmonicFrame(f0: f0, binHz: binHz, bins: top + 2)
            frame.withUnsafeBufferPointer { _ = tracker.score(index: index, estimate: $0.baseAddress!) }
        }
        let tracked = tracker.path(count: 4).map { hz(tracker, $0, binHz: binHz) }
        for (frequency, want) in zip(tracked, [150.0, 300.0, 150.0, 440.0]) {
            #expect(abs(frequency / want - 1) < 0.03, "tracked \(frequency) Hz, want \(want) Hz")
        }
    }
}
