internal import CSndFile
import Foundation

/// Streams interleaved float samples out of any file libsndfile decodes (WAV, FLAC, Ogg/Vorbis,
/// Opus, MP3, AIFF…), one block at a time so memory stays bounded whatever the file's length.
///
/// Only mono and stereo files at 8–192 kHz are accepted; anything else is `.unsupported`.
public final class AudioFileReader {
    /// The lowest sample rate accepted, in Hz.
    public static let minimumSampleRate = 8_000
    /// The highest sample rate accepted, in Hz.
    public static let maximumSampleRate = 192_000
    /// The most channels accepted (stereo); more is an explicit unsupported error, never a silent downmix.
    public static let maximumChannelCount = 2

    /// The file being read.
    public let url: URL
    /// Samples per second per channel.
    public let sampleRate: Int
    /// 1 (mono) or 2 (stereo); samples are interleaved in that order.
    public let channelCount: Int
    /// Frames the header announces (for compressed streams an estimate the decoder may miss slightly).
    public let frameCount: Int
    /// The format as libsndfile names it, e.g. "WAV (Microsoft)" or "FLAC (Free Lossless Audio Codec)".
    public let formatName: String
    /// Frames handed out so far.
    public private(set) var framesRead = 0

    private let handle: SoundFileHandle
    /// Lossless containers announce their exact length; compressed streams only estimate it.
    private let hasExactFrameCount: Bool

    /// The announced length in seconds.
    public var durationSeconds: Double { Double(frameCount) / Double(sampleRate) }

    /// Opens `url` and validates its rate and channel count.
    /// - Throws: `AudioError` (`.notFound` or `.unsupported`, with libsndfile's reason).
    public init(url: URL) throws(AudioError) {
        self.url = url
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw AudioError(.notFound, path: path, reason: "no such file")
        }
        var info = SF_INFO()
        guard let pointer = sf_open(path, Int32(SFM_READ), &info) else {
            throw AudioError(.unsupported, path: path, reason: String(cString: sf_strerror(nil)))
        }
        let handle = SoundFileHandle(pointer)
        self.handle = handle
        sampleRate = Int(info.samplerate)
        channelCount = Int(info.channels)
        frameCount = info.frames >= 0 ? Int(info.frames) : 0
        formatName = Self.formatName(of: info.format)
        let container = info.format & Int32(SF_FORMAT_TYPEMASK)
        hasExactFrameCount = container != Int32(SF_FORMAT_OGG) && container != Int32(SF_FORMAT_MPEG)

        guard (Self.minimumSampleRate...Self.maximumSampleRate).contains(sampleRate) else {
            throw AudioError(.unsupported, path: path,
                             reason: "sample rate \(sampleRate) Hz is outside 8000–192000 Hz")
        }
        guard (1...Self.maximumChannelCount).contains(channelCount) else {
            throw AudioError(.unsupported, path: path,
                             reason: "\(channelCount) channels (only mono and stereo are supported)")
        }
        guard frameCount > 0 else {
            throw AudioError(.unsupported, path: path, reason: "the file holds no audio (0 frames)")
        }
        if let truncation = Self.truncationNote(in: handle) {
            throw AudioError(.unsupported, path: path, reason: "truncated file: \(truncation)")
        }
        // Integer files are scaled to [-1, 1); float files come back as stored.
        sf_command(pointer, Int32(SFC_SET_NORM_FLOAT), nil, Int32(SF_TRUE))
    }

    /// Reads up to `frames` frames into `buffer` (interleaved, `frames * channelCount` floats).
    /// - Returns: the frames read; 0 at the end of the file.
    /// - Throws: `.unsupported` when decoding fails part-way or the stream ends well before its
    ///   announced length (a truncated file).
    public func read(into buffer: UnsafeMutableBufferPointer<Float>, frames: Int) throws(AudioError) -> Int {
        precondition(buffer.count >= frames * channelCount, "buffer too small for \(frames) frames")
        guard frames > 0, let base = buffer.baseAddress else { return 0 }
        let got = Int(sf_readf_float(handle.pointer, base, sf_count_t(frames)))
        if let error = handle.lastError {
            throw AudioError(.unsupported, path: url.path, reason: "decoding failed after \(framesRead) frames: \(error)")
        }
        framesRead += got
        if got == 0 && framesRead == 0 {
            throw AudioError(.unsupported, path: url.path, reason: "the file holds no decodable audio")
        }
        if got == 0 && hasExactFrameCount && framesRead < frameCount {
            throw AudioError(.unsupported, path: url.path,
                             reason: "truncated file: the stream ended after \(framesRead) of \(frameCount) frames")
        }
        return got
    }

    /// Reads up to `frames` frames and returns them interleaved; an empty array at the end.
    public func read(frames: Int) throws(AudioError) -> [Float] {
        var samples = [Float](repeating: 0, count: frames * channelCount)
        let got = try samples.withUnsafeMutableBufferPointer { buffer throws(AudioError) in
            try read(into: buffer, frames: frames)
        }
        samples.removeLast((frames - got) * channelCount)
        return samples
    }

    /// Reads the whole file into memory (for tests and short files only).
    public func readAll() throws(AudioError) -> [Float] {
        var all: [Float] = []
        while true {
            let block = try read(frames: 65_536)
            if block.isEmpty { return all }
            all.append(contentsOf: block)
        }
    }

    private static func formatName(of format: Int32) -> String {
        var info = SF_FORMAT_INFO()
        info.format = format & Int32(SF_FORMAT_TYPEMASK)
        let size = Int32(MemoryLayout<SF_FORMAT_INFO>.size)
        guard sf_command(nil, Int32(SFC_GET_FORMAT_INFO), &info, size) == 0, let name = info.name else {
            return "unknown"
        }
        return String(cString: name)
    }

    /// libsndfile opens a file whose header announces more data than it holds and silently
    /// shortens it, noting "(should be N)" in its log; that note is how a truncation is recognised.
    private static func truncationNote(in handle: SoundFileHandle) -> String? {
        var log = [CChar](repeating: 0, count: 8192)
        let length = sf_command(handle.pointer, Int32(SFC_GET_LOG_INFO), &log, Int32(log.count))
        guard length > 0 else { return nil }
        let text = String(decoding: log.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.contains("(should be ") }
        return line.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
