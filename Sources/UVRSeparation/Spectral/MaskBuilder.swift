/// Builds the vocal estimate of a chunk of STFT frames from the cues a song gives. Cues combine
/// as log-odds, kept in the odds domain (products instead of sums, so no logarithms per bin):
/// repetition of the accompaniment (a bounded REPET-SIM whose neighbour frames are found by a first,
/// band-level estimate of the accompaniment), the stereo position of the vocal (one or two
/// directions) and the phase agreement of the channels, a soft band prior
/// and the vocal pitch's harmonic comb; then soft masks (taking less when the song shows little
/// confident vocal) and one multichannel Wiener step.
final class MaskBuilder {
    private let settings: SpectralSettings
    private let channels: Int
    private let binCount: Int
    private let binStride: Int
    private let minimumLag: Int
    /// Repetition: a neighbour frame's similarity must be a maximum over this many lags either side.
    private let peakRadius: Int
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
    /// Refinement: whether neighbours are found by the accompaniment's estimated features.
    private let refines: Bool
    /// Refinement: band features before normalisation, the accompaniment's estimated band
    /// features (normalised), its forward-similarity cache, and the frames estimated so far.
    private let rawFeatureRows: FrameRing
    private let accompanimentFeatureRows: FrameRing
    private let accompanimentSimilarities: FrameRing
    private var accompanimentFeaturesKnown = 0
    private var networks: [Int: MedianNetwork] = [:]
    /// Vocal pitch: candidates, salience and the continuity-favouring path.
    private let pitch: PitchTracker
    private let harmonicTopBin: Int

    private static let directionHistogramSize = 64
    private static let quietHistogramSize = 100
    /// Quiet vocals: frames per vocal-share percent, energies so far, and whether the minimum
    /// duration has been reached once (after which every chunk is judged).
    private var quietShareHistogram = [Int](repeating: 0, count: MaskBuilder.quietHistogramSize)
    private var quietVocalEnergy = 0.0
    private var quietConfidentEnergy = 0.0
    private var quietDecided = false
    private let framesPerSecond: Double

    init(settings: SpectralSettings, sampleRate: Int, channels: Int, frameSize: Int, chunkFrames: Int,
         maximumLagFrames: Int, lookaheadFrames: Int) {
        self.settings = settings
        self.channels = channels
        binCount = frameSize / 2 + 1
        binStride = paddedToSIMD(binCount)
        framesPerSecond = Double(sampleRate) / Double(frameSize / 4)
        minimumLag = max(1, Int((settings.repetitionMinimumLagSeconds * framesPerSecond).rounded()))
        maximumLag = max(minimumLag + 1, maximumLagFrames)
        peakRadius = max(1, Int((settings.repetitionPeakRadiusSeconds * framesPerSecond).rounded()))
        features = BandFeatures(bandCount: settings.featureBandCount, lowHz: settings.featureLowHz,
                                highHz: settings.featureHighHz, sampleRate: sampleRate, frameSize: frameSize)
        let history = chunkFrames + lookaheadFrames + maximumLag + 2
        magnitudes = FrameRing(capacity: history, width: binStride)
        featureRows = FrameRing(capacity: history, width: features.width)
        refines = settings.repetitionRefinement
        rawFeatureRows = FrameRing(capacity: refines ? history : 1, width: features.width)
        accompanimentFeatureRows = FrameRing(capacity: refines ? history : 1, width: features.width)
        accompanimentSimilarities = FrameRing(capacity: refines ? maximumLag + 2 : 1, width: maximumLag + 1)
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
        let norm = features.compute(magnitude: magnitude, into: featureRows.row(frame), scratch: scratch)
        if refines {
            let feature = featureRows.row(frame), raw = rawFeatureRows.row(frame)
            for index in 0..<features.width { raw[index] = feature[index] * norm }
        }
    }

    /// Replaces the mixture spectra of `chunk` (in `spectra`) by the vocal estimate.
    func buildVocalSpectra(chunk: Range<Int>, knownFrames: Int, spectra: FrameRing, binStride: Int,
                           cancellation: CancellationFlag?) throws(SeparationError) {
        if refines {
            let needed = min(knownFrames, chunk.upperBound + maximumLag)
            while accompanimentFeaturesKnown < needed {
                estimateAccompanimentFeature(frame: accompanimentFeaturesKnown, knownFrames: knownFrames)
                accompanimentFeaturesKnown += 1
            }
        }
        for frame in chunk {
            try cancellation?.check()
            // With refinement, neighbours are compared by features estimated this far (never past knownFrames).
            repetitionOdds(frame: frame, knownFrames: refines ? accompanimentFeaturesKnown : knownFrames,
                           into: odds + (frame - chunk.lowerBound) * binStride)
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
        if settings.quietVocalBias > 0 {
            applyQuietVocalBias(chunk: chunk)
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
    /// similar frames 0.5–18 s away (similarity peaks over lag; with refinement, similarity of the
    /// estimated accompaniment features), capped at the frame's own magnitude; the vocal is what
    /// the model does not explain.
    private func repetitionOdds(frame: Int, knownFrames: Int, into row: UnsafeMutablePointer<Float>) {
        let floor = settings.maskFloor
        let rows = refines ? accompanimentFeatureRows : featureRows
        let cache = refines ? accompanimentSimilarities : forwardSimilarities
        guard let network = chooseNeighbours(frame: frame, knownFrames: knownFrames, features: rows, cache: cache) else {
            for bin in 0..<binStride { row[bin] = 1 }
            return
        }
        let model = scratch + binStride
        medianOfCandidates(in: magnitudes, width: binStride, network: network, into: model)
        let magnitude = magnitudes.row(frame)
        for bin in 0..<binStride {
            let m = magnitude[bin]
            let vocal = 1 - min(model[bin], m) / max(m, 1e-12)
            let p = min(max(vocal, floor), 1 - floor)
            row[bin] = p / (1 - p)
        }
    }

    /// Refinement's first pass: the accompaniment's band features at `frame`, estimated like the
    /// magnitude model (median of the most similar frames' raw band features, capped at the frame's
    /// own) but over 96 bands instead of every bin, then normalised.
    private func estimateAccompanimentFeature(frame: Int, knownFrames: Int) {
        let output = accompanimentFeatureRows.row(frame)
        let own = rawFeatureRows.row(frame)
        let width = features.width
        guard let network = chooseNeighbours(frame: frame, knownFrames: knownFrames, features: featureRows,
                                             cache: forwardSimilarities) else {
            output.update(from: featureRows.row(frame), count: width)
            return
        }
        medianOfCandidates(in: rawFeatureRows, width: width, network: network, into: output)
        for index in 0..<width { output[index] = min(output[index], own[index]) }
        BandFeatures.normalise(output, count: width)
    }

    /// Writes the element-wise median of the `candidates`' rows of `ring` (`width` floats each,
    /// `network` sized for their count) to `output`.
    private func medianOfCandidates(in ring: FrameRing, width: Int, network: MedianNetwork, into output: UnsafeMutablePointer<Float>) {
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: network.count) { rows in
            for (index, candidate) in candidates.enumerated() {
                rows[index] = UnsafePointer(ring.row(candidate.frame))
            }
            network.median(rows: UnsafePointer(rows.baseAddress!), width: width, output: output, scratch: medianScratch)
        }
    }

    /// Puts the frames most similar to `frame` (by cosine similarity of `features` rows, 0.5–18 s
    /// away, peaks over lag at least `peakRadius` apart, at most `repetitionNeighbours`) in
    /// `candidates` and returns the median network for their count; nil when no frame is in
    /// range. Frames must be visited in order: forward similarities are cached per frame in
    /// `cache` and read back as later frames' backward ones.
    private func chooseNeighbours(frame: Int, knownFrames: Int, features rows: FrameRing, cache: FrameRing) -> MedianNetwork? {
        candidates.removeAll(keepingCapacity: true)
        let own = rows.row(frame)
        let width = features.width
        let forward = cache.row(frame)
        let backward = similarities
        let forwardLags = min(maximumLag, knownFrames - 1 - frame)
        let backwardLags = min(maximumLag, frame)
        if forwardLags >= minimumLag {
            for lag in minimumLag...forwardLags {
                let other = rows.row(frame + lag)
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
            for lag in minimumLag...backwardLags { backward[lag] = cache.row(frame - lag)[lag] }
        }
        for (values, lags, direction) in [(backward, backwardLags, -1), (forward, forwardLags, 1)] where lags - minimumLag >= 2 {
            for lag in (minimumLag + 1)..<lags where values[lag] > values[lag - 1] && values[lag] >= values[lag + 1] {
                // A peak must also top its wider surroundings: adjacent frames overlap, so
                // neighbours closer than this would repeat the same moment.
                var isPeak = true
                for distance in stride(from: 2, through: peakRadius, by: 1) {
                    if lag - distance >= minimumLag && values[lag - distance] >= values[lag] { isPeak = false; break }
                    if lag + distance <= lags && values[lag + distance] > values[lag] { isPeak = false; break }
                }
                if isPeak { candidates.append((values[lag], frame + direction * lag)) }
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
        guard !candidates.isEmpty else { return nil }
        if candidates.count > neighbours {
            keepMostSimilar(&candidates, count: neighbours)
        }
        let count = candidates.count
        let network = networks[count] ?? MedianNetwork(count: count)
        networks[count] = network
        return network
    }

    // MARK: Quiet vocals

    /// Takes less when the song so far shows little confident vocal: per frame, the share of its
    /// energy the Wiener gain gives the vocals; the song's score is the 90th percentile of that
    /// share plus half the share of the vocal estimate's energy in confident bins (gain > 0.8).
    /// Below `quietScoreThreshold` the vocal log-odds fall by up to `quietVocalBias` (reached
    /// `quietScoreWidth` lower). Songs with a quiet vocal otherwise lose more accompaniment than
    /// the vocal they gain. Decided once `quietMinimumSeconds` of frames are processed.
    private func applyQuietVocalBias(chunk: Range<Int>) {
        let e = settings.wienerExponent
        // Every other frame is enough for the statistic (and halves its cost).
        for (index, frame) in chunk.enumerated() where frame % 2 == 0 {
            let mask = odds + index * binStride
            let magnitude = magnitudes.row(frame)
            var totals = SIMD4<Float>(), vocals = SIMD4<Float>(), confidents = SIMD4<Float>()
            var bin = 0
            while bin < binCount {   // rows are padded to a multiple of 8; the padding's magnitude is 0
                let m = Self.load(mask + bin), level = Self.load(magnitude + bin)
                let gain = Self.wienerGain(m, e)
                let power = level * level
                totals += power
                vocals += power * gain
                confidents += (power * gain).replacing(with: 0, where: gain .<= 0.8)
                bin += 4
            }
            let (total, vocal, confident) = (totals.sum(), vocals.sum(), confidents.sum())
            let share = total > 0 ? vocal / total : 0
            quietShareHistogram[min(Self.quietHistogramSize - 1, Int(share * Float(Self.quietHistogramSize)))] += 1
            quietVocalEnergy += Double(vocal)
            quietConfidentEnergy += Double(confident)
        }
        let frames = quietShareHistogram.reduce(0, +)
        guard Double(2 * frames) >= settings.quietMinimumSeconds * framesPerSecond || quietDecided else { return }
        quietDecided = true
        var below = 0, percentile = Self.quietHistogramSize - 1
        for (index, count) in quietShareHistogram.enumerated() {
            below += count
            if Double(below) >= 0.9 * Double(frames) { percentile = index; break }
        }
        let confidentShare = quietVocalEnergy > 0 ? quietConfidentEnergy / quietVocalEnergy : 0
        let score = (Double(percentile) + 0.5) / Double(Self.quietHistogramSize) + 0.5 * confidentShare
        let depth = min(1, max(0, (settings.quietScoreThreshold - score) / settings.quietScoreWidth))
        guard depth > 0 else { return }
        let factor = Float(exp(-Double(settings.quietVocalBias) * depth))
        for index in 0..<chunk.count {
            let mask = odds + index * binStride
            for bin in 0..<binStride {
                let m = mask[bin]
                mask[bin] = m * factor / (1 - m + m * factor)
            }
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
    /// `harmonicTopHz`) lose up to `harmonicPenalty` log-odds and bins on them gain up to
    /// `harmonicBoost` (a held note the repetition model half-explains), scaled by how much of
    /// the estimate the comb explains. Bins above `harmonicTopHz` (sibilants, breath) are untouched.
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
        // On the comb the exponent is positive: fastExp holds there too (below 88).
        let lift = settings.harmonicBoost * voicing
        for bin in 1..<top {
            let position = Float(bin) / f0Bins
            let distanceBins = abs(position - position.rounded()) * f0Bins
            let off = bin < lowest ? 1 : min(1, max(0, (distanceBins - tolerance) / tolerance))
            row[bin] *= Self.fastExp(lift * (1 - off) - strength * off)
        }
    }

    // MARK: Stereo position

    /// Finds the vocal direction in this chunk (energy-weighted histogram of the inter-channel
    /// angle, favouring bins the repetition cue already calls vocal) and multiplies the odds by a
    /// Gaussian around it; a second histogram peak far from the first (a harmony or double panned
    /// elsewhere) gets a Gaussian scaled by its relative height. Mono-in-stereo songs put
    /// everything at π/4 and lose nothing.
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
        let smoothed: [Float] = (0..<size).map { index in
            let sides = histogram[max(0, index - 1)] + histogram[min(size - 1, index + 1)]
            return histogram[index] + sides
        }
        var best = size / 2, bestValue: Float = 0
        for index in 0..<size where smoothed[index] > bestValue { (best, bestValue) = (index, smoothed[index]) }
        let vocalDirection = bestValue > 0 ? (Float(best) + 0.5) * binWidth : Float.pi / 4
        // A second direction: the highest local peak far enough from the first.
        var second = best, secondValue: Float = 0
        let separation = Int((settings.directionSecondSeparation / binWidth).rounded(.up))
        if settings.directionSecondWeight > 0 && bestValue > 0 {
            for index in 0..<size where abs(index - best) >= separation && smoothed[index] > secondValue {
                let value = smoothed[index]
                let isPeak = value >= smoothed[max(0, index - 1)] && value >= smoothed[min(size - 1, index + 1)]
                if isPeak { (second, secondValue) = (index, value) }
            }
        }
        let secondDirection = (Float(second) + 0.5) * binWidth
        let secondScale = min(1, settings.directionSecondWeight * secondValue / max(bestValue, 1e-30))
        // Without a second direction its term (−80 or less) never wins: fastExp is 0 below −80.
        let logSecondScale = secondScale > 1e-6 ? log(secondScale) : -80
        let inverseWidth = 1 / settings.directionWidth
        let phasePenalty = settings.phasePenalty
        let factor = scratch
        for (index, frame) in chunk.enumerated() {
            let row = odds + index * binStride
            let left = UnsafePointer(spectra.row(frame)), right = left + 2 * binStride
            // Two simple loops (factor, then product) so that both vectorise; the factor is
            // max(g₁, s·g₂) = exp(max(log g₁, log g₂ + log s)), one exponential.
            for bin in 0..<binCount {
                let (theta, incoherence) = Self.angleAndIncoherence(left: left, right: right, bin: bin)
                let distance = (theta - vocalDirection) * inverseWidth
                let secondDistance = (theta - secondDirection) * inverseWidth
                let position = max(-0.5 * distance * distance, logSecondScale - 0.5 * secondDistance * secondDistance)
                factor[bin] = Self.fastExp(position - phasePenalty * incoherence)
            }
            for bin in 0..<binCount { row[bin] *= factor[bin] }
        }
    }

    /// The bin's angle (as `angle`) and how far its channels are from in phase, weighted by how
    /// evenly it sits in both: 2(|L||R| − Re(L·R̄)) / (|L|² + |R|²), 0 in phase or in one channel
    /// only, 2 at opposite phase.
    @inline(__always)
    private static func angleAndIncoherence(left: UnsafePointer<Float>, right: UnsafePointer<Float>, bin: Int) -> (Float, Float) {
        let (lr, li, rr, ri) = (left[2 * bin], left[2 * bin + 1], right[2 * bin], right[2 * bin + 1])
        let l2 = lr * lr + li * li, r2 = rr * rr + ri * ri
        let l = l2.squareRoot(), r = r2.squareRoot()
        return (angle(left: l, right: r), 2 * (l * r - (lr * rr + li * ri)) / (l2 + r2 + 1e-30))
    }

    /// atan2(|R|, |L|) in [0, π/2] of a bin.
    @inline(__always)
    private static func angle(left: UnsafePointer<Float>, right: UnsafePointer<Float>, bin: Int) -> Float {
        let l = (left[2 * bin] * left[2 * bin] + left[2 * bin + 1] * left[2 * bin + 1]).squareRoot()
        let r = (right[2 * bin] * right[2 * bin] + right[2 * bin + 1] * right[2 * bin + 1]).squareRoot()
        return angle(left: l, right: r)
    }

    /// atan2(r, l) in [0, π/2] for magnitudes l and r, via π/4 + atan((r − l) / (r + l)) and a fast arctangent.
    @inline(__always)
    private static func angle(left l: Float, right r: Float) -> Float {
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

    /// x^exponent lane by lane, without `pow` for the usual exponents.
    @inline(__always)
    private static func power(_ x: SIMD4<Float>, _ exponent: Float) -> SIMD4<Float> {
        if exponent == 1.5 { return x * x.squareRoot() }
        if exponent == 2 { return x * x }
        return SIMD4(pow(x[0], exponent), pow(x[1], exponent), pow(x[2], exponent), pow(x[3], exponent))
    }

    /// The vocals' single-channel Wiener gain for mask `m`: m^e / (m^e + (1 − m)^e), lane by lane.
    @inline(__always)
    private static func wienerGain(_ m: SIMD4<Float>, _ exponent: Float) -> SIMD4<Float> {
        let v = power(m, exponent), a = power(1 - m, exponent)
        return v / (v + a + 1e-20)
    }

    private func singleChannelWiener(chunk: Range<Int>, spectra: FrameRing) {
        let e = settings.wienerExponent
        for (index, frame) in chunk.enumerated() {
            let mask = odds + index * binStride
            let x = spectra.row(frame)
            for bin in 0..<binCount {
                let gain = Self.wienerGain(SIMD4(repeating: mask[bin]), e)[0]
                x[2 * bin] *= gain
                x[2 * bin + 1] *= gain
            }
        }
    }

    /// One multichannel Wiener step: per-frequency 2×2 spatial covariances of each source,
    /// estimated over the chunk from the soft-mask split, then vocals = Pv·Rv·(Pv·Rv + Pa·Ra)⁻¹·x.
    private func multichannelWiener(chunk: Range<Int>, spectra: FrameRing) {
        let e = settings.wienerExponent
        // Eight planes (structure of arrays, so the loops vectorise): vocals' r11, r22, re r12,
        // im r12, then the accompaniment's.
        let n = binStride
        let c = covariance
        c.initialize(repeating: 0, count: 8 * n)
        let (v11s, v22s, v12rs, v12is) = (c, c + n, c + 2 * n, c + 3 * n)
        let (a11s, a22s, a12rs, a12is) = (c + 4 * n, c + 5 * n, c + 6 * n, c + 7 * n)
        for (index, frame) in chunk.enumerated() {
            let mask = odds + index * binStride
            let left = spectra.row(frame), right = left + 2 * binStride
            var bin = 0
            while bin < binCount {   // four bins at a time; rows are padded to a multiple of 8
                let m = Self.load(mask + bin)
                let g = Self.wienerGain(m, e)
                let (lr, li) = Self.loadComplex(left + 2 * bin)
                let (rr, ri) = Self.loadComplex(right + 2 * bin)
                let ll = lr * lr + li * li, rrPower = rr * rr + ri * ri
                let cr = lr * rr + li * ri, ci = li * rr - lr * ri   // L · conj(R)
                let gv = g * g, ga = (1 - g) * (1 - g)
                Self.add(gv * ll, to: v11s + bin)
                Self.add(gv * rrPower, to: v22s + bin)
                Self.add(gv * cr, to: v12rs + bin)
                Self.add(gv * ci, to: v12is + bin)
                Self.add(ga * ll, to: a11s + bin)
                Self.add(ga * rrPower, to: a22s + bin)
                Self.add(ga * cr, to: a12rs + bin)
                Self.add(ga * ci, to: a12is + bin)
                bin += 4
            }
        }
        // Normalise each covariance by its trace, with diagonal loading (keeps mono songs stable).
        let loading = settings.diagonalLoading / 2
        for (r11, r22, r12r, r12i) in [(v11s, v22s, v12rs, v12is), (a11s, a22s, a12rs, a12is)] {
            for bin in 0..<binCount {
                let trace = r11[bin] + r22[bin]
                if trace > 1e-20 {
                    let inverse = 1 / trace
                    (r11[bin], r22[bin], r12r[bin], r12i[bin]) = (r11[bin] * inverse, r22[bin] * inverse, r12r[bin] * inverse, r12i[bin] * inverse)
                } else {
                    (r11[bin], r22[bin], r12r[bin], r12i[bin]) = (0.5, 0.5, 0, 0)
                }
                r11[bin] += loading
                r22[bin] += loading
            }
        }
        for (index, frame) in chunk.enumerated() {
            let mask = odds + index * binStride
            let magnitude = magnitudes.row(frame)
            let left = spectra.row(frame), right = left + 2 * binStride
            var bin = 0
            while bin < binCount {
                let m = Self.load(mask + bin), level = Self.load(magnitude + bin)
                let vPower = Self.power(m * level, e), aPower = Self.power((1 - m) * level, e)
                let (v11, v22, v12r, v12i) = (Self.load(v11s + bin), Self.load(v22s + bin), Self.load(v12rs + bin), Self.load(v12is + bin))
                let s11 = vPower * v11 + aPower * Self.load(a11s + bin)
                let s22 = vPower * v22 + aPower * Self.load(a22s + bin)
                let s12r = vPower * v12r + aPower * Self.load(a12rs + bin)
                let s12i = vPower * v12i + aPower * Self.load(a12is + bin)
                let exact = s11 * s22 - (s12r * s12r + s12i * s12i)
                let floor = 1e-6 * s11 * s22 + 1e-30
                let determinant = exact.replacing(with: floor, where: exact .< floor)
                let inverse = vPower / determinant
                let (lr, li) = Self.loadComplex(left + 2 * bin)
                let (rr, ri) = Self.loadComplex(right + 2 * bin)
                // y = Pv · Σ⁻¹ x, Σ⁻¹ = [[s22, −s12], [−conj(s12), s11]] / det
                let y1r = (s22 * lr - (s12r * rr - s12i * ri)) * inverse
                let y1i = (s22 * li - (s12r * ri + s12i * rr)) * inverse
                let y2r = (s11 * rr - (s12r * lr + s12i * li)) * inverse
                let y2i = (s11 * ri - (s12r * li - s12i * lr)) * inverse
                // vocals = Rv · y, Rv = [[v11, v12], [conj(v12), v22]]
                Self.storeComplex(v11 * y1r + v12r * y2r - v12i * y2i, v11 * y1i + v12r * y2i + v12i * y2r, to: left + 2 * bin)
                Self.storeComplex(v12r * y1r + v12i * y1i + v22 * y2r, v12r * y1i - v12i * y1r + v22 * y2i, to: right + 2 * bin)
                bin += 4
            }
        }
    }

    /// Four consecutive floats.
    @inline(__always)
    private static func load(_ pointer: UnsafeMutablePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self)
    }

    /// Adds four floats in place.
    @inline(__always)
    private static func add(_ value: SIMD4<Float>, to pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: load(pointer) + value, as: SIMD4<Float>.self)
    }

    /// Four interleaved complex numbers as (real parts, imaginary parts).
    @inline(__always)
    private static func loadComplex(_ pointer: UnsafeMutablePointer<Float>) -> (SIMD4<Float>, SIMD4<Float>) {
        let pairs = UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
        return (pairs.evenHalf, pairs.oddHalf)
    }

    /// Stores four complex numbers interleaved.
    @inline(__always)
    private static func storeComplex(_ real: SIMD4<Float>, _ imaginary: SIMD4<Float>, to pointer: UnsafeMutablePointer<Float>) {
        let pairs = SIMD8(real[0], imaginary[0], real[1], imaginary[1], real[2], imaginary[2], real[3], imaginary[3])
        UnsafeMutableRawPointer(pointer).storeBytes(of: pairs, as: SIMD8<Float>.self)
    }
}

#if canImport(Glibc)
import Glibc
#endif
