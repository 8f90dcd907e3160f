/// The streaming core of the spectral separator: planar mixture samples in, vocals and
/// instrumental samples out, with bounded memory and latency.
///
/// Frames (periodic Hann, hop = size/4) are analysed as samples arrive; every `chunk` frames,
/// once `lookahead` more frames are known, the chunk's vocal mask is built from the cues
/// (`MaskBuilder`), the vocals are resynthesised by overlap-add, and the instrumental is the
/// mixture minus the vocals in the time domain, so the two stems always sum to the input.
final class SpectralEngine {
    let sampleRate: Int
    let channels: Int
    let frameSize: Int
    let hop: Int
    let binCount: Int
    let chunkFrames: Int
    let lookaheadFrames: Int

    private let fft: RealFFT
    private let window: [Float]
    private let masks: MaskBuilder
    /// The chunk's complex spectra, recomputed from `input` when the chunk is processed (cheaper
    /// than keeping the look-ahead's spectra): channel c's bins at [2·binStride·c ..< …], (re, im).
    private let spectra: FrameRing
    /// One frame's spectra during analysis.
    private let analysisRow: FrameRing
    private let binStride: Int

    /// Mixture samples from the first one not yet emitted (negative indices = leading zero pad).
    private let input: SampleBuffer
    /// Vocals overlap-add accumulator from the first sample not yet emitted.
    private let vocals: SampleBuffer
    private var vocalsOut: [Float] = []
    private var instrumentalOut: [Float] = []
    private var samplesReceived = 0
    private var analysedFrames = 0
    private var processedFrames = 0
    private var emittedSamples = 0
    private var totalFrames: Int?
    private let cancellation: CancellationFlag?
    /// When set, the vocal estimate is the mixture times this constant instead of the cue masks
    /// (tests use 1 to check that analysis and resynthesis reconstruct the input).
    private let constantGain: Float?

    /// Receives interleaved vocals and instrumental for consecutive sample ranges (valid during the call).
    typealias Emit = (_ vocals: UnsafeBufferPointer<Float>, _ instrumental: UnsafeBufferPointer<Float>) throws -> Void

    init(sampleRate: Int, channels: Int, settings: SpectralSettings, cancellation: CancellationFlag? = nil,
         constantGain: Float? = nil) {
        self.constantGain = constantGain
        self.sampleRate = sampleRate
        self.channels = channels
        self.cancellation = cancellation
        let size = settings.frameSize(sampleRate: sampleRate)
        frameSize = size
        hop = size / 4
        binCount = size / 2 + 1
        binStride = paddedToSIMD(binCount)
        let framesPerSecond = Double(sampleRate) / Double(hop)
        chunkFrames = max(16, Int(settings.chunkSeconds * framesPerSecond))
        let maximumLag = max(1, Int(settings.repetitionMaximumLagSeconds * framesPerSecond))
        lookaheadFrames = settings.repetitionRefinement ? 2 * maximumLag : maximumLag
        fft = RealFFT(size: size)
        window = (0..<size).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(size))) }
        masks = MaskBuilder(settings: settings, sampleRate: sampleRate, channels: channels, frameSize: size,
                            chunkFrames: chunkFrames, maximumLagFrames: maximumLag, lookaheadFrames: lookaheadFrames)
        spectra = FrameRing(capacity: chunkFrames, width: 2 * binStride * channels)
        analysisRow = FrameRing(capacity: 1, width: 2 * binStride * channels)
        let pad = size - hop
        input = SampleBuffer(channels: channels, start: -pad, capacity: 2 * (chunkFrames + lookaheadFrames + 8) * hop)
        input.extendWithZeros(to: 0)
        vocals = SampleBuffer(channels: channels, start: -pad, capacity: 2 * (chunkFrames + 8) * hop)
    }

    /// Feeds interleaved mixture frames; emits whatever output became final.
    func push(interleaved: UnsafeBufferPointer<Float>, emit: Emit) throws {
        input.append(interleaved: interleaved)
        samplesReceived += interleaved.count / channels
        try advance(emit: emit)
    }

    /// Declares the end of the input and emits the rest.
    func finish(emit: Emit) throws {
        guard samplesReceived > 0 else { return }
        let total = (samplesReceived - 1 + frameSize - hop) / hop + 1
        totalFrames = total
        input.extendWithZeros(to: total * hop)
        try advance(emit: emit)
    }

    private func advance(emit: Emit) throws {
        while true {
            let available = totalFrames ?? (samplesReceived / hop)
            let limit = processedFrames + chunkFrames + lookaheadFrames
            if analysedFrames < min(available, limit) {
                transform(frame: analysedFrames, into: analysisRow.row(0))
                masks.analyse(frame: analysedFrames, spectrum: analysisRow.row(0), binStride: binStride)
                analysedFrames += 1
                continue
            }
            let chunkEnd = min(processedFrames + chunkFrames, analysedFrames)
            // A chunk is ready once its look-ahead is analysed, or at the end of the input.
            // (Both conditions matter after `finish`: the last frames may lie beyond the limit.)
            let ready = chunkEnd > processedFrames && (analysedFrames >= limit || analysedFrames == totalFrames)
            guard ready else { return }
            try cancellation?.check()
            try process(chunk: processedFrames..<chunkEnd, emit: emit)
        }
    }

    /// Windows frame `frame` of each channel and stores its spectrum in `row`.
    private func transform(frame: Int, into row: UnsafeMutablePointer<Float>) {
        let first = frame * hop - (frameSize - hop)
        for c in 0..<channels {
            let samples = input.pointer(channel: c, at: first)
            window.withUnsafeBufferPointer { w in
                for i in 0..<frameSize { fft.real[i] = samples[i] * w[i] }
            }
            fft.forward()
            (row + 2 * binStride * c).update(from: fft.complex, count: 2 * binCount)
        }
    }

    private func process(chunk: Range<Int>, emit: Emit) throws {
        for frame in chunk { transform(frame: frame, into: spectra.row(frame)) }
        if let constantGain {
            for frame in chunk {
                let row = spectra.row(frame)
                for i in 0..<(2 * binStride * channels) { row[i] *= constantGain }
            }
        } else {
            try masks.buildVocalSpectra(chunk: chunk, knownFrames: analysedFrames, spectra: spectra,
                                        binStride: binStride, cancellation: cancellation)
        }
        let normalisation = 1 / (1.5 * Float(frameSize))
        for frame in chunk {
            let row = spectra.row(frame)
            let first = frame * hop - (frameSize - hop)
            vocals.extendWithZeros(to: first + frameSize)
            for c in 0..<channels {
                fft.complex.update(from: row + 2 * binStride * c, count: 2 * binCount)
                fft.inverse()
                let out = vocals.pointer(channel: c, at: first)
                window.withUnsafeBufferPointer { w in
                    for i in 0..<frameSize { out[i] += fft.real[i] * w[i] * normalisation }
                }
            }
        }
        processedFrames = chunk.upperBound
        var complete = processedFrames * hop - (frameSize - hop)
        if totalFrames != nil { complete = min(complete, samplesReceived) }
        try emitSamples(upTo: complete, emit: emit)
    }

    private func emitSamples(upTo end: Int, emit: Emit) throws {
        let frames = end - emittedSamples
        guard frames > 0 else { return }
        let count = frames * channels
        if vocalsOut.count < count {
            vocalsOut = [Float](repeating: 0, count: count)
            instrumentalOut = [Float](repeating: 0, count: count)
        }
        vocalsOut.withUnsafeMutableBufferPointer { v in
            instrumentalOut.withUnsafeMutableBufferPointer { a in
                for c in 0..<channels {
                    let voice = vocals.pointer(channel: c, at: emittedSamples)
                    let mixture = input.pointer(channel: c, at: emittedSamples)
                    for i in 0..<frames {
                        v[i * channels + c] = voice[i]
                        a[i * channels + c] = mixture[i] - voice[i]
                    }
                }
            }
        }
        try vocalsOut.withUnsafeBufferPointer { v in
            try instrumentalOut.withUnsafeBufferPointer { a in
                try emit(UnsafeBufferPointer(rebasing: v[0..<count]), UnsafeBufferPointer(rebasing: a[0..<count]))
            }
        }
        emittedSamples = end
        // Keep what the next analysis frame or the next chunk (recomputed spectra) still needs.
        input.discard(before: min(emittedSamples, processedFrames * hop - (frameSize - hop)))
        vocals.discard(before: emittedSamples)
    }
}

#if canImport(Glibc)
import Glibc
#endif
