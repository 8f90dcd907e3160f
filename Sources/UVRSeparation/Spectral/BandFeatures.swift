/// A bank of log-spaced triangular bands over the STFT bins: the compact per-frame feature the
/// repetition cue compares frames by.
struct BandFeatures {
    /// For each band, the bins it covers and their triangle weights.
    private let bands: [(firstBin: Int, weights: [Float])]
    /// Feature vector length rounded up for SIMD (extra entries stay 0).
    let width: Int
    /// Bins beyond this index never contribute.
    let lastBin: Int

    init(bandCount: Int, lowHz: Double, highHz: Double, sampleRate: Int, frameSize: Int) {
        let binHz = Double(sampleRate) / Double(frameSize)
        let maxBin = frameSize / 2
        let high = min(highHz, Double(sampleRate) / 2 * 0.95)
        let edges = (0..<(bandCount + 2)).map { i in
            lowHz * pow(high / lowHz, Double(i) / Double(bandCount + 1)) / binHz
        }
        var bands: [(Int, [Float])] = []
        for b in 0..<bandCount {
            let (lo, mid, hi) = (edges[b], edges[b + 1], edges[b + 2])
            let first = max(0, Int(lo.rounded(.up)))
            let last = min(maxBin, Int(hi.rounded(.down)))
            var weights: [Float] = []
            if first <= last {
                for bin in first...last {
                    let x = Double(bin)
                    let w = x <= mid ? (x - lo) / max(mid - lo, 1e-9) : (hi - x) / max(hi - mid, 1e-9)
                    weights.append(Float(max(0, w)))
                }
            }
            if weights.allSatisfy({ $0 == 0 }) {
                // Narrower than a bin: take the nearest bin whole.
                bands.append((min(maxBin, Int(mid.rounded())), [1]))
            } else {
                bands.append((first, weights))
            }
        }
        self.bands = bands
        width = paddedToSIMD(bandCount)
        lastBin = bands.map { $0.0 + $0.1.count }.max() ?? 0
    }

    /// Computes the L2-normalised band energies of √magnitude into `feature` (`width` floats);
    /// returns the norm they were divided by.
    @discardableResult
    func compute(magnitude: UnsafePointer<Float>, into feature: UnsafeMutablePointer<Float>,
                 scratch: UnsafeMutablePointer<Float>) -> Float {
        for bin in 0..<lastBin { scratch[bin] = magnitude[bin].squareRoot() }
        for (index, band) in bands.enumerated() {
            var sum: Float = 0
            for (offset, weight) in band.weights.enumerated() { sum += weight * scratch[band.firstBin + offset] }
            feature[index] = sum
        }
        for index in bands.count..<width { feature[index] = 0 }
        return Self.normalise(feature, count: width)
    }

    /// Scales `count` floats to unit L2 norm (all zero when the norm is negligible); returns the
    /// norm they were divided by.
    @discardableResult
    static func normalise(_ feature: UnsafeMutablePointer<Float>, count: Int) -> Float {
        var norm: Float = 0
        for index in 0..<count { norm += feature[index] * feature[index] }
        let scale: Float = norm > 1e-20 ? 1 / norm.squareRoot() : 0
        for index in 0..<count { feature[index] *= scale }
        return norm.squareRoot()
    }
}

#if canImport(Glibc)
import Glibc
#endif
