/// Builds the vocal estimate of a chunk of STFT frames from the cues a song gives, as log-odds:
/// repetition of the accompaniment (a bounded REPET-SIM), the stereo position of the vocal, and a
/// soft band prior; then soft masks and one multichannel Wiener step.
final class MaskBuilder {
    private let settings: SpectralSettings
    private let channels: Int
    private let binCount: Int
    private let binStride: Int
    private let minimumLag: Int
    private let maximumLag: Int
    private let features: BandFeatures
    private let magnitudes: FrameRing
    private let featureRows: FrameRing
    private let bandPrior: [Float]
    private let directionBins: Range<Int>
    private var directionHistory = [Float](repeating: 0, count: MaskBuilder.directionHistogramSize)
    /// Per-chunk log-odds, then vocal mask, row per frame.
    private let logOdds: UnsafeMutablePointer<Float>
    private let scratch: UnsafeMutablePointer<Float>
    private let medianScratch: UnsafeMutablePointer<SIMD8<Float>>
    private var networks: [Int: MedianNetwork] = [:]

    private static let directionHistogramSize = 64

    init(settings: SpectralSettings, sampleRate: Int, channels: Int, frameSize: Int, chunkFrames: Int, lookaheadFrames: Int) {
        self.settings = settings
        self.channels = channels
        binCount = frameSize / 2 + 1
        binStride = paddedToSIMD(binCount)
        let framesPerSecond = Double(sampleRate) / Double(frameSize / 4)
        minimumLag = max(1, Int((settings.repetitionMinimumLagSeconds * framesPerSecond).rounded()))
        maximumLag = max(minimumLag + 1, lookaheadFrames)
        features = BandFeatures(bandCount: settings.featureBandCount, lowHz: settings.featureLowHz,
                                highHz: settings.featureHighHz, sampleRate: sampleRate, frameSize: frameSize)
        let history = chunkFrames + 2 * lookaheadFrames + 2
        magnitudes = FrameRing(capacity: history, width: binStride)
        featureRows = FrameRing(capacity: history, width: features.width)
        let binHz = Double(sampleRate) / Double(frameSize)
        bandPrior = (0..<binStride).map { bin in
            let hz = max(Double(bin), 0.5) * binHz
            let below = min(0, max(-Double(settings.bandPriorFloorOctaves), log2(hz / settings.bandPriorLowHz)))
            let above = min(0, max(-Double(settings.bandPriorFloorOctaves), log2(settings.bandPriorHighHz / hz)))
            return settings.bandPriorSlope * Float(below + above)
        }
        directionBins = min(binCount, Int(settings.directionLowHz / binHz))..<min(binCount, Int(settings.directionHighHz / binHz))
        logOdds = .allocate(capacity: chunkFrames * binStride)
        scratch = .allocate(capacity: max(binStride, 4 * binStride))
        scratch.initialize(repeating: 0, count: 4 * binStride)
        medianScratch = .allocate(capacity: 32)
    }

    deinit {
        logOdds.deallocate()
        scratch.deallocate()
        medianScratch.deallocate()
    }

    /// Stores frame `frame`'s mono magnitude and repetition feature.
    func analyse(frame: Int, spectrum: UnsafeMutablePointer<Float>, binStride: Int) {
        let magnitude = magnitudes.row(frame)
        let scale = 1 / Float(channels)
        for bin in 0..<binCount { magnitude[bin] = 0 }
        for c in 0..<channels {
            let x = spectrum + 2 * binStride * c
            for bin in 0..<binCount {
                let re = x[2 * bin], im = x[2 * bin + 1]
                magnitude[bin] += (re * re + im * im).squareRoot() * scale
            }
        }
        for bin in binCount..<binStride { magnitude[bin] = 0 }
        features.compute(magnitude: magnitude, into: featureRows.row(frame), scratch: scratch)
    }

    /// Replaces the mixture spectra of `chunk` (in `spectra`) by the vocal estimate.
    func buildVocalSpectra(chunk: Range<Int>, knownFrames: Int, spectra: FrameRing, binStride: Int,
                           cancellation: CancellationFlag?) throws(SeparationError) {
        for frame in chunk {
            try cancellation?.check()
            repetitionLogOdds(frame: frame, knownFrames: knownFrames, into: logOdds + (frame - chunk.lowerBound) * binStride)
        }
        if channels == 2 && settings.directionWidth > 0 {
            addDirectionCue(chunk: chunk, spectra: spectra)
        }
        for index in 0..<chunk.count {
            let z = logOdds + index * binStride
            for bin in 0..<binCount { z[bin] = 1 / (1 + expf(-(z[bin] + bandPrior[bin]))) }
        }
        try cancellation?.check()
        if channels == 2 {
            multichannelWiener(chunk: chunk, spectra: spectra)
        } else {
            singleChannelWiener(chunk: chunk, spectra: spectra)
        }
    }

    // MARK: Repetition

    private func repetitionLogOdds(frame: Int, knownFrames: Int, into z: UnsafeMutablePointer<Float>) {
        var candidates: [(similarity: Float, frame: Int)] = []
        var fallback: [(similarity: Float, frame: Int)] = []
        let own = featureRows.row(frame)
        let width = features.width
        for direction in [-1, 1] {
            var previous: Float = -2, beforePrevious: Float = -2
            var previousFrame = -1
            for lag in minimumLag...maximumLag {
                let other = frame + direction * lag
                guard other >= 0 && other < knownFrames else { break }
                let row = featureRows.row(other)
                var sum = SIMD8<Float>()
                var offset = 0
                while offset < width {
                    sum += UnsafeRawPointer(own + offset).loadUnaligned(as: SIMD8<Float>.self)
                        * UnsafeRawPointer(row + offset).loadUnaligned(as: SIMD8<Float>.self)
                    offset += 8
                }
                let similarity = sum.sum()
                if previousFrame >= 0 && previous > beforePrevious && previous >= similarity {
                    candidates.append((previous, previousFrame))
                }
                fallback.append((similarity, other))
                beforePrevious = previous
                previous = similarity
                previousFrame = other
            }
        }
        let neighbours = settings.repetitionNeighbours
        if candidates.count < neighbours / 2 { candidates = fallback }
        guard !candidates.isEmpty else {
            for bin in 0..<binStride { z[bin] = 0 }
            return
        }
        if candidates.count > neighbours {
            candidates.sort { $0.similarity > $1.similarity }
            candidates.removeLast(candidates.count - neighbours)
        }
        let count = candidates.count
        let network = networks[count] ?? MedianNetwork(count: count)
        networks[count] = network
        let model = scratch + binStride
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: count) { rows in
            for (index, candidate) in candidates.enumerated() {
                rows[index] = UnsafePointer(magnitudes.row(candidate.frame))
            }
            network.median(rows: UnsafePointer(rows.baseAddress!), width: binStride, output: model, scratch: medianScratch)
        }
        let magnitude = magnitudes.row(frame)
        let floor = settings.maskFloor
        for bin in 0..<binCount {
            let m = magnitude[bin]
            let repeating = min(model[bin], m)
            let vocal = m > 1e-12 ? 1 - repeating / m : 0
            let p = min(max(vocal, floor), 1 - floor)
            z[bin] = logf(p / (1 - p))
        }
    }

    // MARK: Stereo position

    /// Finds the vocal direction in this chunk (energy-weighted histogram of the inter-channel
    /// angle, favouring bins the repetition cue already calls vocal) and adds a Gaussian bonus
    /// around it. Mono-in-stereo songs put everything at π/4 and get no penalty.
    private func addDirectionCue(chunk: Range<Int>, spectra: FrameRing) {
        let size = Self.directionHistogramSize
        let binWidth = Float.pi / 2 / Float(size)
        var histogram = directionHistory.map { $0 * settings.directionMemory }
        for (index, frame) in chunk.enumerated() {
            let z = logOdds + index * binStride
            let magnitude = magnitudes.row(frame)
            let left = spectra.row(frame), right = left + 2 * binStride
            for bin in directionBins {
                let theta = Self.angle(left: left, right: right, bin: bin)
                let weight = magnitude[bin] * magnitude[bin] / (1 + expf(-z[bin]))
                histogram[min(size - 1, Int(theta / binWidth))] += weight
            }
        }
        directionHistory = histogram
        var best = size / 2, bestValue: Float = 0
        for index in 0..<size {
            let smoothed = histogram[max(0, index - 1)] + histogram[index] + histogram[min(size - 1, index + 1)]
            if smoothed > bestValue { (best, bestValue) = (index, smoothed) }
        }
        let vocalDirection = bestValue > 0 ? (Float(best) + 0.5) * binWidth : Float.pi / 4
        let inverseWidth = 1 / settings.directionWidth
        for (index, frame) in chunk.enumerated() {
            let z = logOdds + index * binStride
            let left = spectra.row(frame), right = left + 2 * binStride
            for bin in 0..<binCount {
                let distance = (Self.angle(left: left, right: right, bin: bin) - vocalDirection) * inverseWidth
                z[bin] -= 0.5 * distance * distance
            }
        }
    }

    /// atan2(|R|, |L|) in [0, π/2] via π/4 + atan((|R| − |L|) / (|R| + |L|)) and a fast arctangent.
    @inline(__always)
    private static func angle(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, bin: Int) -> Float {
        let l = (left[2 * bin] * left[2 * bin] + left[2 * bin + 1] * left[2 * bin + 1]).squareRoot()
        let r = (right[2 * bin] * right[2 * bin] + right[2 * bin + 1] * right[2 * bin + 1]).squareRoot()
        let u = (r - l) / (r + l + 1e-20)
        let a = abs(u)
        return Float.pi / 4 + Float.pi / 4 * u - u * (a - 1) * (0.2447 + 0.0663 * a)
    }

    // MARK: Wiener

    private func singleChannelWiener(chunk: Range<Int>, spectra: FrameRing) {
        for (index, frame) in chunk.enumerated() {
            let mask = logOdds + index * binStride
            let x = spectra.row(frame)
            for bin in 0..<binCount {
                let v = mask[bin] * mask[bin], a = (1 - mask[bin]) * (1 - mask[bin])
                let gain = v / (v + a + 1e-20)
                x[2 * bin] *= gain
                x[2 * bin + 1] *= gain
            }
        }
    }

    /// One multichannel Wiener step: per-frequency 2×2 spatial covariances of each source,
    /// estimated over the chunk from the soft-mask split, then vocals = Pv·Rv·(Pv·Rv + Pa·Ra)⁻¹·x.
    private func multichannelWiener(chunk: Range<Int>, spectra: FrameRing) {
        // Covariance accumulators per bin: (r11, r22, re r12, im r12) for vocals then accompaniment.
        var covariance = [Float](repeating: 0, count: 8 * binCount)
        for (index, frame) in chunk.enumerated() {
            let mask = logOdds + index * binStride
            let magnitude = magnitudes.row(frame)
            let left = spectra.row(frame), right = left + 2 * binStride
            for bin in 0..<binCount {
                let pv = mask[bin] * magnitude[bin], pa = (1 - mask[bin]) * magnitude[bin]
                let vPower = pv * pv, aPower = pa * pa
                let g = vPower / (vPower + aPower + 1e-20)
                let (lr, li, rr, ri) = (left[2 * bin], left[2 * bin + 1], right[2 * bin], right[2 * bin + 1])
                let ll = lr * lr + li * li, rrPower = rr * rr + ri * ri
                let cr = lr * rr + li * ri, ci = li * rr - lr * ri   // L · conj(R)
                let gv = g * g, ga = (1 - g) * (1 - g)
                covariance[8 * bin] += gv * ll
                covariance[8 * bin + 1] += gv * rrPower
                covariance[8 * bin + 2] += gv * cr
                covariance[8 * bin + 3] += gv * ci
                covariance[8 * bin + 4] += ga * ll
                covariance[8 * bin + 5] += ga * rrPower
                covariance[8 * bin + 6] += ga * cr
                covariance[8 * bin + 7] += ga * ci
            }
        }
        let loading = settings.diagonalLoading / 2
        for bin in 0..<binCount {
            for source in 0..<2 {
                let base = 8 * bin + 4 * source
                let trace = covariance[base] + covariance[base + 1]
                if trace > 1e-20 {
                    for i in 0..<4 { covariance[base + i] /= trace }
                } else {
                    (covariance[base], covariance[base + 1], covariance[base + 2], covariance[base + 3]) = (0.5, 0.5, 0, 0)
                }
                covariance[base] += loading
                covariance[base + 1] += loading
            }
        }
        for (index, frame) in chunk.enumerated() {
            let mask = logOdds + index * binStride
            let magnitude = magnitudes.row(frame)
            let left = spectra.row(frame), right = left + 2 * binStride
            for bin in 0..<binCount {
                let pv = mask[bin] * magnitude[bin], pa = (1 - mask[bin]) * magnitude[bin]
                let vPower = pv * pv, aPower = pa * pa
                let c = 8 * bin
                let (v11, v22, v12r, v12i) = (covariance[c], covariance[c + 1], covariance[c + 2], covariance[c + 3])
                let s11 = vPower * v11 + aPower * covariance[c + 4]
                let s22 = vPower * v22 + aPower * covariance[c + 5]
                let s12r = vPower * v12r + aPower * covariance[c + 6]
                let s12i = vPower * v12i + aPower * covariance[c + 7]
                let determinant = max(s11 * s22 - (s12r * s12r + s12i * s12i), 1e-6 * s11 * s22 + 1e-30)
                let inverse = 1 / determinant
                let (lr, li, rr, ri) = (left[2 * bin], left[2 * bin + 1], right[2 * bin], right[2 * bin + 1])
                // y = Σ⁻¹ x, Σ⁻¹ = [[s22, −s12], [−conj(s12), s11]] / det
                let y1r = (s22 * lr - (s12r * rr - s12i * ri)) * inverse
                let y1i = (s22 * li - (s12r * ri + s12i * rr)) * inverse
                let y2r = (s11 * rr - (s12r * lr + s12i * li)) * inverse
                let y2i = (s11 * ri - (s12r * li - s12i * lr)) * inverse
                // vocals = Pv · Rv · y, Rv = [[v11, v12], [conj(v12), v22]]
                left[2 * bin] = vPower * (v11 * y1r + v12r * y2r - v12i * y2i)
                left[2 * bin + 1] = vPower * (v11 * y1i + v12r * y2i + v12i * y2r)
                right[2 * bin] = vPower * (v12r * y1r + v12i * y1i + v22 * y2r)
                right[2 * bin + 1] = vPower * (v12r * y1i - v12i * y1r + v22 * y2i)
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
