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
    /// Complex spectra per frame: channel c's bins at [2·binStride·c ..< …], (re, im) interleaved.
    private let spectra: FrameRing
    private let binStride: Int

    /// Mixture samples per channel; element 0 is absolute sample `inputStart` (negative = leading pad).
    private var input: [[Float]]
    private var inputStart: Int
    /// Vocals overlap-add accumulator per channel; element 0 is absolute sample `vocalsStart`.
    private var vocals: [[Float]]
    private var vocalsStart: Int
    private var samplesReceived = 0
    private var analysedFrames = 0
    private var processedFrames = 0
    private var emittedSamples = 0
    private var totalFrames: Int?
    private let cancellation: CancellationFlag?

    /// Called with planar vocals and instrumental for consecutive sample ranges.
    typealias Emit = (_ vocals: [[Float]], _ instrumental: [[Float]]) throws -> Void

    /// When set, the vocal estimate is the mixture times this constant instead of the cue masks
    /// (tests use 1 to check that analysis and resynthesis reconstruct the input).
    private let constantGain: Float?

    init(sampleRate: Int, channels: Int, settings: SpectralSettings, cancellation: CancellationFlag? = nil,
         constantGain: Float? = nil) {
        self.constantGain = constantGain
        self.sampleRate = sampleRate
        self.channels = channels
        self.cancellation = cancellation
        let size = settings.frameSize(sampleRate: sampleRate)
        frameSize = size
        hop = size / 4
        binCount = frameSize / 2 + 1
        binStride = paddedToSIMD(binCount)
        let framesPerSecond = Double(sampleRate) / Double(hop)
        chunkFrames = max(16, Int(settings.chunkSeconds * framesPerSecond))
        lookaheadFrames = max(1, Int(settings.repetitionMaximumLagSeconds * framesPerSecond))
        fft = RealFFT(size: frameSize)
        window = (0..<size).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(size))) }
        masks = MaskBuilder(settings: settings, sampleRate: sampleRate, channels: channels, frameSize: frameSize,
                            chunkFrames: chunkFrames, lookaheadFrames: lookaheadFrames)
        spectra = FrameRing(capacity: chunkFrames + lookaheadFrames + 1, width: 2 * paddedToSIMD(binCount) * channels)
        let pad = frameSize - hop
        input = Array(repeating: [Float](repeating: 0, count: pad), count: channels)
        inputStart = -pad
        vocals = Array(repeating: [], count: channels)
        vocalsStart = -pad
    }

    /// Feeds interleaved mixture frames; emits whatever output became final.
    func push(interleaved: UnsafeBufferPointer<Float>, emit: Emit) throws {
        let frames = interleaved.count / channels
        for c in 0..<channels {
            input[c].reserveCapacity(input[c].count + frames)
            for i in 0..<frames { input[c].append(interleaved[i * channels + c]) }
        }
        samplesReceived += frames
        try advance(emit: emit)
    }

    /// Declares the end of the input and emits the rest.
    func finish(emit: Emit) throws {
        guard samplesReceived > 0 else { return }
        let total = (samplesReceived - 1 + frameSize - hop) / hop + 1
        totalFrames = total
        let paddedEnd = total * hop
        for c in 0..<channels {
            input[c].append(contentsOf: repeatElement(0, count: max(0, paddedEnd - inputStart - input[c].count)))
        }
        try advance(emit: emit)
    }

    private func advance(emit: Emit) throws {
        while true {
            let available = totalFrames ?? (samplesReceived / hop)
            let limit = processedFrames + chunkFrames + lookaheadFrames
            if analysedFrames < min(available, limit) {
                analyse(frame: analysedFrames)
                analysedFrames += 1
                continue
            }
            let chunkEnd = min(processedFrames + chunkFrames, analysedFrames)
            let ready = totalFrames.map { analysedFrames == $0 && chunkEnd > processedFrames }
                ?? (analysedFrames >= limit)
            guard ready else { return }
            try cancellation?.check()
            try process(chunk: processedFrames..<chunkEnd, emit: emit)
        }
    }

    /// Windows frame `frame`, transforms each channel, and stores spectra and cue features.
    private func analyse(frame: Int) {
        let start = frame * hop - (frameSize - hop) - inputStart
        let row = spectra.row(frame)
        for c in 0..<channels {
            input[c].withUnsafeBufferPointer { samples in
                for i in 0..<frameSize { fft.real[i] = samples[start + i] * window[i] }
            }
            fft.forward()
            (row + 2 * binStride * c).update(from: fft.complex, count: 2 * binCount)
        }
        masks.analyse(frame: frame, spectrum: row, binStride: binStride)
    }

    private func process(chunk: Range<Int>, emit: Emit) throws {
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
            let offset = frame * hop - (frameSize - hop) - vocalsStart
            for c in 0..<channels {
                fft.complex.update(from: row + 2 * binStride * c, count: 2 * binCount)
                fft.inverse()
                let needed = offset + frameSize
                if vocals[c].count < needed {
                    vocals[c].append(contentsOf: repeatElement(0, count: needed - vocals[c].count))
                }
                vocals[c].withUnsafeMutableBufferPointer { out in
                    for i in 0..<frameSize { out[offset + i] += fft.real[i] * window[i] * normalisation }
                }
            }
        }
        processedFrames = chunk.upperBound
        var complete = processedFrames * hop - (frameSize - hop)
        if totalFrames != nil { complete = min(complete, samplesReceived) }
        try emitSamples(upTo: complete, emit: emit)
    }

    private func emitSamples(upTo end: Int, emit: Emit) throws {
        guard end > emittedSamples else { return }
        var vocalOut: [[Float]] = []
        var instrumentalOut: [[Float]] = []
        for c in 0..<channels {
            let v = Array(vocals[c][(emittedSamples - vocalsStart)..<(end - vocalsStart)])
            let mixStart = emittedSamples - inputStart
            let m = input[c][mixStart..<(mixStart + v.count)]
            instrumentalOut.append(zip(m, v).map { $0 - $1 })
            vocalOut.append(v)
        }
        try emit(vocalOut, instrumentalOut)
        emittedSamples = end
        // Drop what neither the next analysis frame nor the next emission needs.
        let keepInput = min(emittedSamples, analysedFrames * hop - (frameSize - hop)) - inputStart
        if keepInput > 0 {
            for c in 0..<channels { input[c].removeFirst(keepInput) }
            inputStart += keepInput
        }
        let dropVocals = emittedSamples - vocalsStart
        for c in 0..<channels { vocals[c].removeFirst(dropVocals) }
        vocalsStart = emittedSamples
    }
}

#if canImport(Glibc)
import Glibc
#endif
