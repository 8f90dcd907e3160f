/// Tracks the main vocal pitch over a chunk of frames: harmonic-sum salience of every f0
/// candidate (quarter-semitone grid) per frame, then a Viterbi path that favours continuity —
/// moving a few steps costs a little, a free jump costs `jumpCost` (in units of a frame's best
/// normalised salience) — so single frames do not hop to an accompaniment partial or an octave.
/// The last frame's path scores carry into the next chunk.
final class PitchTracker {
    /// Each candidate's fundamental in bins and its harmonics' nearest bins (all below the top bin).
    let candidateBins: [Float]
    let harmonics: [[Int]]
    private let jumpCost: Float
    private let stepCost: Float
    private let maximumStep: Int
    private let salience: UnsafeMutablePointer<Float>
    private let backPointers: UnsafeMutablePointer<Int16>
    private var previous: [Float]
    private var current: [Float]
    private let capacity: Int
    private let topBin: Int
    private let emptyHarmonicCost: Float

    init(lowHz: Double, highHz: Double, binHz: Double, topBin: Int, chunkFrames: Int, jumpCost: Float, emptyHarmonicCost: Float) {
        self.topBin = topBin
        self.emptyHarmonicCost = emptyHarmonicCost
        var fundamentals: [Float] = []
        var f0 = lowHz
        while f0 <= highHz {
            fundamentals.append(Float(f0 / binHz))
            f0 *= pow(2, 1.0 / 48)   // quarter-semitone steps
        }
        candidateBins = fundamentals
        harmonics = fundamentals.map { f0Bins in
            (1...60).map { Int((Float($0) * f0Bins).rounded()) }.filter { $0 >= 1 && $0 < topBin }
        }
        self.jumpCost = jumpCost
        maximumStep = 8                      // two semitones per frame move at the step cost
        stepCost = jumpCost / Float(2 * maximumStep)
        capacity = chunkFrames
        salience = .allocate(capacity: chunkFrames * fundamentals.count)
        backPointers = .allocate(capacity: chunkFrames * fundamentals.count)
        previous = [Float](repeating: 0, count: fundamentals.count)
        current = previous
    }

    deinit {
        salience.deallocate()
        backPointers.deallocate()
    }

    /// Scores every candidate for frame `index` of the chunk from `estimate` (a magnitude-like
    /// spectrum, valid to the top bin + 1); returns the best raw salience.
    @discardableResult
    func score(index: Int, estimate: UnsafePointer<Float>) -> Float {
        let row = salience + index * candidateBins.count
        // Each harmonic counts above twice the frame's mean level, so an empty harmonic costs:
        // a sub-octave (every other harmonic empty) no longer outscores the true pitch.
        var mean: Float = 0
        for bin in 0..<topBin { mean += estimate[bin] }
        let bias = emptyHarmonicCost * mean / Float(max(1, topBin))
        var best: Float = 0
        for (candidate, bins) in harmonics.enumerated() {
            var sum: Float = 0
            var weight: Float = 1
            for bin in bins {
                sum += weight * (max(estimate[bin - 1], estimate[bin], estimate[bin + 1]) - bias)
                weight *= 0.95
            }
            sum = max(sum, 0)
            row[candidate] = sum
            best = max(best, sum)
        }
        if best > 0 {
            let inverse = 1 / best
            for candidate in 0..<candidateBins.count { row[candidate] *= inverse }
        }
        return best
    }

    /// The Viterbi path over the first `count` scored frames: one candidate index per frame.
    /// With `jumpCost` 0 it is each frame's best candidate.
    func path(count: Int) -> [Int] {
        let size = candidateBins.count
        precondition(count <= capacity)
        guard count > 0 else { return [] }
        if jumpCost <= 0 {
            return (0..<count).map { index in
                let row = salience + index * size
                var best = 0
                for c in 1..<size where row[c] > row[best] { best = c }
                return best
            }
        }
        for index in 0..<count {
            let row = salience + index * size
            let pointers = backPointers + index * size
            var bestPrevious = 0
            for c in 1..<size where previous[c] > previous[bestPrevious] { bestPrevious = c }
            let jumpScore = previous[bestPrevious] - jumpCost
            for c in 0..<size {
                var from = bestPrevious, value = jumpScore
                for other in max(0, c - maximumStep)...min(size - 1, c + maximumStep) {
                    let candidate = previous[other] - stepCost * Float(abs(other - c))
                    if candidate > value { (from, value) = (other, candidate) }
                }
                current[c] = value + row[c]
                pointers[c] = Int16(from)
            }
            // Keep scores bounded: only differences matter.
            let top = current.max() ?? 0
            for c in 0..<size { previous[c] = current[c] - top }
        }
        var result = [Int](repeating: 0, count: count)
        var best = 0
        for c in 1..<size where previous[c] > previous[best] { best = c }
        result[count - 1] = best
        if count > 1 {
            for index in stride(from: count - 1, to: 0, by: -1) {
                result[index - 1] = Int(backPointers[index * size + result[index]])
            }
        }
        return result
    }
}

#if canImport(Glibc)
import Glibc
#endif
