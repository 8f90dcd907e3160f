/// Builds the vocal estimate of a chunk of STFT frames from the cues a song gives. Cues combine
/// as log-odds, kept in the odds domain (products instead of sums, so no logarithms per bin):
/// repetition of the accompaniment (a bounded REPET-SIM), the stereo position of the vocal, a
/// soft band prior and the vocal pitch's harmonic comb; then soft masks and one multichannel Wiener step.
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
    /// exp(band prior log-odds) per bin.
    private let bandPriorFactor: [Float]
    private let directionBins: Range<Int>
    private var directionHistory = [Float](repeating: 0, count: MaskBuilder.directionHistogramSize)
    /// Per-chunk vocal odds, then vocal mask, one row per frame.
    private let odds: UnsafeMutablePointer<Float>
    private let scratch: UnsafeMutablePointer<Float>
    private let medianScratch: UnsafeMutablePointer<SIMD8<Float>>
    /// Per-bin 2×2 spatial covariances (r11, r22, re r12, im r12) of vocals then accompaniment.
    private let covariance: UnsafeMutablePointer<Float>
    /// Similarity to each backward lag of the current frame, and the chosen neighbour frames.
    private let similarities: UnsafeMutablePointer<Float>
    /// Per frame, its similarity to each forward lag (reused as the later frame's backward lag).
    private let forwardSimilarities: FrameRing
    private var candidates: [(similarity: Float, frame: Int)] = []
    private var networks: [Int: MedianNetwork] = [:]
    /// Vocal pitch: candidates, salience and the continuity-favouring path.
    private let pitch: PitchTracker
    private let harmonicTopBin: Int

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
        bandPriorFactor = (0..<binStride).map { bin in
            let hz = max(Double(bin), 0.5) * binHz
            let floor = -Double(settings.bandPriorFloorOctaves)
            let below = min(0, max(floor, log2(hz / settings.bandPriorLowHz)))
            let above = min(0, max(floor, log2(settings.bandPriorHighHz / hz)))
            return Float(exp(Double(settings.bandPriorSlope) * (below + above) + Double(settings.vocalBias)))
        }
        directionBins = min(binCount, Int(settings.directionLowHz / binHz))..<min(binCount, Int(settings.directionHighHz / binHz))
        harmonicTopBin = min(binCount - 2, Int(settings.harmonicTopHz / binHz))
        pitch = PitchTracker(lowHz: settings.pitchLowHz, highHz: settings.pitchHighHz, binHz: binHz, topBin: harmonicTopBin,
                             chunkFrames: chunkFrames, jumpCost: settings.pitchJumpCost,
                             emptyHarmonicCost: settings.pitchEmptyHarmonicCost)
        odds = .allocate(capacity: chunkFrames * binStride)
        scratch = .allocate(capacity: 2 * binStride)
        scratch.initialize(repeating: 0, count: 2 * binStride)
        medianScratch = .allocate(capacity: 32)
        covariance = .allocate(capacity: 8 * binStride)
        similarities = .allocate(capacity: maximumLag + 1)
        forwardSimilarities = FrameRing(capacity: maximumLag + 2, width: maximumLag + 1)
        candidates.reserveCapacity(2 * (maximumLag + 1))
    }

    deinit {
        odds.deallocate()
        scratch.deallocate()
        medianScratch.deallocate()
        covariance.deallocate()
        similarities.deallocate()
    }

    /// Stores frame `frame`'s mono magnitude and repetition feature.
    func analyse(frame: Int, spectrum: UnsafeMutablePointer<Float>, binStride: Int) {
        let magnitude = magnitudes.row(frame)
        let scale = 1 / Float(channels)
        for bin in 0..<binStride { magnitude[bin] = 0 }
        for c in 0..<channels {
            let x = spectrum + 2 * binStride * c
            for bin in 0..<binCount {
                let re = x[2 * bin], im = x[2 * bin + 1]
                magnitude[bin] += (re * re + im * im).squareRoot() * scale
            }
        }
        features.compute(magnitude: magnitude, into: featureRows.row(frame), scratch: scratch)
    }

    /// Replaces the mixture spectra of `chunk` (in `spectra`) by the vocal estimate.
    func buildVocalSpectra(chunk: Range<Int>, knownFrames: Int, spectra: FrameRing, binStride: Int,
                           cancellation: CancellationFlag?) throws(SeparationError) {
        for frame in chunk {
            try cancellation?.check()
            repetitionOdds(frame: frame, knownFrames: knownFrames, into: odds + (frame - chunk.lowerBound) * binStride)
        }
        if channels == 2 && settings.directionWidth > 0 {
            applyDirectionCue(chunk: chunk, spectra: spectra)
        }
        bandPriorFactor.withUnsafeBufferPointer { prior in
            for index in 0..<chunk.count {
                let row = odds + index * binStride
                for bin in 0..<binStride { row[bin] *= prior[bin] }
            }
        }
        if settings.harmonicPenalty > 0 {
            for (index, frame) in chunk.enumerated() {
                _ = vocalEstimate(row: odds + index * binStride, magnitude: magnitudes.row(frame))
                pitch.score(index: index, estimate: scratch)
            }
            let path = pitch.path(count: chunk.count)
            for (index, frame) in chunk.enumerated() {
                applyHarmonicComb(row: odds + index * binStride, magnitude: magnitudes.row(frame), candidate: path[index])
            }
        }
        for index in 0..<chunk.count {
            let row = odds + index * binStride
            for bin in 0..<binStride { row[bin] = row[bin] / (1 + row[bin]) }
        }
        try cancellation?.check()
        if channels == 2 {
            multichannelWiener(chunk: chunk, spectra: spectra)
        } else {
            singleChannelWiener(chunk: chunk, spectra: spectra)
        }
    }

    // MARK: Repetition

    /// Vocal odds from repetition: the accompaniment model is the median magnitude of the most
    /// similar frames 1–18 s away (local maxima of similarity over lag), capped at the frame's own
    /// magnitude; the vocal is what the model does not explain.
    private func repetitionOdds(frame: Int, knownFrames: Int, into row: UnsafeMutablePointer<Float>) {
        candidates.removeAll(keepingCapacity: true)
        let own = featureRows.row(frame)
        let width = features.width
        // Similarity is symmetric: forward lags are computed and cached per frame; backward
        // lags are read from the earlier frames' caches (each was computed when that frame ran).
        let forward = forwardSimilarities.row(frame)
        let backward = similarities
        let forwardLags = min(maximumLag, knownFrames - 1 - frame)
        let backwardLags = min(maximumLag, frame)
        if forwardLags >= minimumLag {
            for lag in minimumLag...forwardLags {
                let other = featureRows.row(frame + lag)
                var sum = SIMD8<Float>()
                var offset = 0
                while offset < width {
                    sum += UnsafeRawPointer(own + offset).loadUnaligned(as: SIMD8<Float>.self)
                        * UnsafeRawPointer(other + offset).loadUnaligned(as: SIMD8<Float>.self)
                    offset += 8
                }
                forward[lag] = sum.sum()
            }
        }
        if backwardLags >= minimumLag {
            for lag in minimumLag...backwardLags { backward[lag] = forwardSimilarities.row(frame - lag)[lag] }
        }
        for (values, lags, direction) in [(backward, backwardLags, -1), (forward, forwardLags, 1)] where lags - minimumLag >= 2 {
            for lag in (minimumLag + 1)..<lags where values[lag] > values[lag - 1] && values[lag] >= values[lag + 1] {
                candidates.append((values[lag], frame + direction * lag))
            }
        }
        let neighbours = settings.repetitionNeighbours
        if candidates.count < neighbours / 2 {
            // Too short for peaks: use every frame in range.
            candidates.removeAll(keepingCapacity: true)
            for (values, lags, direction) in [(backward, backwardLags, -1), (forward, forwardLags, 1)] where lags >= minimumLag {
                for lag in minimumLag...lags { candidates.append((values[lag], frame + direction * lag)) }
            }
        }
        let floor = settings.maskFloor
        guard !candidates.isEmpty else {
            for bin in 0..<binStride { row[bin] = 1 }
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
        for bin in 0..<binStride {
            let m = magnitude[bin]
            let vocal = 1 - min(model[bin], m) / max(m, 1e-12)
            let p = min(max(vocal, floor), 1 - floor)
            row[bin] = p / (1 - p)
        }
    }

    // MARK: Vocal pitch

    /// The current vocal estimate's spectrum below the comb's top bin (√ of mask·magnitude) into
    /// `scratch`; returns its sum.
    private func vocalEstimate(row: UnsafeMutablePointer<Float>, magnitude: UnsafeMutablePointer<Float>) -> Float {
        let estimate = scratch
        var total: Float = 0
        for bin in 0..<harmonicTopBin {
            let value = (magnitude[bin] * row[bin] / (1 + row[bin])).squareRoot()
            estimate[bin] = value
            total += value
        }
        estimate[harmonicTopBin] = 0
        return total
    }

    /// Favours the tracked vocal pitch's harmonics (`PitchTracker` gives the candidate): in a
    /// clearly voiced frame, bins below the fundamental and between its harmonics (up to
    /// `harmonicTopHz`) lose up to `harmonicPenalty` log-odds, scaled by how much of the estimate
    /// the comb explains. Bins above `harmonicTopHz` (sibilants, breath) are untouched.
    private func applyHarmonicComb(row: UnsafeMutablePointer<Float>, magnitude: UnsafeMutablePointer<Float>, candidate: Int) {
        let estimate = scratch
        let top = harmonicTopBin
        let total = vocalEstimate(row: row, magnitude: magnitude)
        guard total > 1e-12 else { return }
        let bestIndex = candidate
        guard bestIndex >= 0 else { return }
        let f0Bins = pitch.candidateBins[bestIndex]
        // How much of the estimate lies on the comb: the voicing strength.
        var onComb: Float = 0
        for bin in pitch.harmonics[bestIndex] { onComb += max(estimate[bin - 1], estimate[bin], estimate[bin + 1]) }
        let voicing = min(1, onComb / total * settings.harmonicVoicingScale)
        let strength = settings.harmonicPenalty * voicing
        guard strength > 0.01 else { return }
        let tolerance = settings.harmonicToleranceBins
        let lowest = Int(0.75 * f0Bins)
        for bin in 1..<top {
            let position = Float(bin) / f0Bins
            let distanceBins = abs(position - position.rounded()) * f0Bins
            let off = bin < lowest ? 1 : min(1, max(0, (distanceBins - tolerance) / tolerance))
            row[bin] *= Self.fastExp(-strength * off)
        }
    }

    // MARK: Stereo position

    /// Finds the vocal direction in this chunk (energy-weighted histogram of the inter-channel
    /// angle, favouring bins the repetition cue already calls vocal) and multiplies the odds by a
    /// Gaussian around it. Mono-in-stereo songs put everything at π/4 and lose nothing.
    private func applyDirectionCue(chunk: Range<Int>, spectra: FrameRing) {
        let size = Self.directionHistogramSize
        let binWidth = Float.pi / 2 / Float(size)
        var histogram = directionHistory.map { $0 * settings.directionMemory }
        for (index, frame) in chunk.enumerated() {
            let row = odds + index * binStride
            let magnitude = magnitudes.row(frame)
            let left = UnsafePointer(spectra.row(frame)), right = left + 2 * binStride
            for bin in directionBins {
                let theta = Self.angle(left: left, right: right, bin: bin)
                let weight = magnitude[bin] * magnitude[bin] * row[bin] / (1 + row[bin])
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
        let factor = scratch
        for (index, frame) in chunk.enumerated() {
            let row = odds + index * binStride
            let left = UnsafePointer(spectra.row(frame)), right = left + 2 * binStride
            // Two simple loops (factor, then product) so that both vectorise.
            for bin in 0..<binCount {
                let distance = (Self.angle(left: left, right: right, bin: bin) - vocalDirection) * inverseWidth
                factor[bin] = Self.fastExp(-0.5 * distance * distance)
            }
            for bin in 0..<binCount { row[bin] *= factor[bin] }
        }
    }

    /// atan2(|R|, |L|) in [0, π/2] via π/4 + atan((|R| − |L|) / (|R| + |L|)) and a fast arctangent.
    @inline(__always)
    private static func angle(left: UnsafePointer<Float>, right: UnsafePointer<Float>, bin: Int) -> Float {
        let l = (left[2 * bin] * left[2 * bin] + left[2 * bin + 1] * left[2 * bin + 1]).squareRoot()
        let r = (right[2 * bin] * right[2 * bin] + right[2 * bin + 1] * right[2 * bin + 1]).squareRoot()
        let u = (r - l) / (r + l + 1e-20)
        let a = abs(u)
        return Float.pi / 4 + Float.pi / 4 * u - u * (a - 1) * (0.2447 + 0.0663 * a)
    }

    /// e^x for x ≤ 0 to about 1e-4 relative accuracy (2^(x·log2 e) from the exponent bits and a
    /// cubic for the fraction); inlinable so loops vectorise. Returns 0 below −80.
    @inline(__always)
    static func fastExp(_ x: Float) -> Float {
        let t = max(x, -80) * 1.442_695_04
        let whole = t.rounded(.down)
        let f = t - whole
        let p = 1 + f * (0.695_976_1 + f * (0.224_510_2 + f * 0.079_440_2))
        // 2^whole without a (trapping, unvectorisable) float→int conversion: adding 1.5·2^23 puts
        // the integer whole + 127 in the low mantissa bits, which shift into the exponent field.
        let magic: Float = 12_582_912
        let biased = (whole + 127) + magic
        return Float(bitPattern: (biased.bitPattern &- magic.bitPattern) &<< 23) * p
    }

    // MARK: Wiener

    private func singleChannelWiener(chunk: Range<Int>, spectra: FrameRing) {
        for (index, frame) in chunk.enumerated() {
            let mask = odds + index * binStride
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
        let c = covariance
        c.initialize(repeating: 0, count: 8 * binCount)
        for (index, frame) in chunk.enumerated() {
            let mask = odds + index * binStride
            let left = spectra.row(frame), right = left + 2 * binStride
            for bin in 0..<binCount {
                let v = mask[bin] * mask[bin], a = (1 - mask[bin]) * (1 - mask[bin])
                let g = v / (v + a + 1e-20)
                let (lr, li, rr, ri) = (left[2 * bin], left[2 * bin + 1], right[2 * bin], right[2 * bin + 1])
                let ll = lr * lr + li * li, rrPower = rr * rr + ri * ri
                let cr = lr * rr + li * ri, ci = li * rr - lr * ri   // L · conj(R)
                let gv = g * g, ga = (1 - g) * (1 - g)
                let base = c + 8 * bin
                base[0] += gv * ll
                base[1] += gv * rrPower
                base[2] += gv * cr
                base[3] += gv * ci
                base[4] += ga * ll
                base[5] += ga * rrPower
                base[6] += ga * cr
                base[7] += ga * ci
            }
        }
        let loading = settings.diagonalLoading / 2
        for bin in 0..<binCount {
            for source in 0..<2 {
                let base = c + 8 * bin + 4 * source
                let trace = base[0] + base[1]
                if trace > 1e-20 {
                    let inverse = 1 / trace
                    for i in 0..<4 { base[i] *= inverse }
                } else {
                    (base[0], base[1], base[2], base[3]) = (0.5, 0.5, 0, 0)
                }
                base[0] += loading
                base[1] += loading
            }
        }
        for (index, frame) in chunk.enumerated() {
            let mask = odds + index * binStride
            let magnitude = magnitudes.row(frame)
            let left = spectra.row(frame), right = left + 2 * binStride
            for bin in 0..<binCount {
                let pv = mask[bin] * magnitude[bin], pa = (1 - mask[bin]) * magnitude[bin]
                let vPower = pv * pv, aPower = pa * pa
                let base = c + 8 * bin
                let (v11, v22, v12r, v12i) = (base[0], base[1], base[2], base[3])
                let s11 = vPower * v11 + aPower * base[4]
                let s22 = vPower * v22 + aPower * base[5]
                let s12r = vPower * v12r + aPower * base[6]
                let s12i = vPower * v12i + aPower * base[7]
                let determinant = max(s11 * s22 - (s12r * s12r + s12i * s12i), 1e-6 * s11 * s22 + 1e-30)
                let inverse = vPower / determinant
                let (lr, li, rr, ri) = (left[2 * bin], left[2 * bin + 1], right[2 * bin], right[2 * bin + 1])
                // y = Pv · Σ⁻¹ x, Σ⁻¹ = [[s22, −s12], [−conj(s12), s11]] / det
                let y1r = (s22 * lr - (s12r * rr - s12i * ri)) * inverse
                let y1i = (s22 * li - (s12r * ri + s12i * rr)) * inverse
                let y2r = (s11 * rr - (s12r * lr + s12i * li)) * inverse
                let y2i = (s11 * ri - (s12r * li - s12i * lr)) * inverse
                // vocals = Rv · y, Rv = [[v11, v12], [conj(v12), v22]]
                left[2 * bin] = v11 * y1r + v12r * y2r - v12i * y2i
                left[2 * bin + 1] = v11 * y1i + v12r * y2i + v12i * y2r
                right[2 * bin] = v12r * y1r + v12i * y1i + v22 * y2r
                right[2 * bin + 1] = v12r * y1i - v12i * y1r + v22 * y2i
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
