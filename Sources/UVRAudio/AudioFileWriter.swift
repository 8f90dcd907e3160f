internal import CSndFile
import Foundation

/// Writes interleaved float samples to a WAV or FLAC file ATOMICALLY: the data goes to a hidden
/// temporary file in the destination's directory, which `finish()` flushes (fsync) and renames
/// into place, so a reader sees either no file or the complete one. A writer dropped without
/// `finish()` removes its temporary file.
public final class AudioFileWriter {
    /// The final path the file appears at after `finish()`.
    public let url: URL
    /// Samples per second per channel.
    public let sampleRate: Int
    /// Interleaved channels per frame.
    public let channelCount: Int
    /// Frames written so far.
    public private(set) var framesWritten = 0

    private let temporaryPath: String
    private let descriptor: Int32
    private var handle: SoundFileHandle?

    /// Starts writing `url` in a public output format.
    /// - Throws: `AudioError` `.writeFailed` with the system's or libsndfile's reason.
    public convenience init(url: URL, format: OutputFormat, sampleRate: Int, channelCount: Int) throws(AudioError) {
        try self.init(url: url, encoding: format.encoding, sampleRate: sampleRate, channelCount: channelCount)
    }

    init(url: URL, encoding: AudioEncoding, sampleRate: Int, channelCount: Int) throws(AudioError) {
        self.url = url
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        let directory = url.deletingLastPathComponent().path
        temporaryPath = directory + "/." + url.lastPathComponent + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw AudioError(.writeFailed, path: url.path, reason: String(cString: strerror(errno)))
        }
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channelCount)
        info.format = encoding.sndfileFormat
        guard let pointer = sf_open_fd(descriptor, Int32(SFM_WRITE), &info, Int32(SF_FALSE)) else {
            let reason = String(cString: sf_strerror(nil))
            close(descriptor)
            unlink(temporaryPath)
            throw AudioError(.writeFailed, path: url.path, reason: reason)
        }
        handle = SoundFileHandle(pointer)
        if encoding.clipsOnWrite {
            sf_command(pointer, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
        }
    }

    /// Appends interleaved frames (`samples.count` must be a multiple of `channelCount`).
    public func write(_ samples: UnsafeBufferPointer<Float>) throws(AudioError) {
        guard let handle else {
            throw AudioError(.writeFailed, path: url.path, reason: "write after finish")
        }
        precondition(samples.count % channelCount == 0, "partial frame")
        let frames = samples.count / channelCount
        guard frames > 0, let base = samples.baseAddress else { return }
        let written = Int(sf_writef_float(handle.pointer, base, sf_count_t(frames)))
        guard written == frames else {
            let reason = handle.lastError ?? "short write (\(written) of \(frames) frames)"
            throw AudioError(.writeFailed, path: url.path, reason: reason)
        }
        framesWritten += frames
    }

    /// Appends interleaved frames from an array.
    public func write(_ samples: [Float]) throws(AudioError) {
        try samples.withUnsafeBufferPointer { buffer throws(AudioError) in try write(buffer) }
    }

    /// Completes the file: closes the encoder, fsyncs, renames it into place and fsyncs the directory.
    public func finish() throws(AudioError) {
        guard let handle else { return }
        self.handle = nil
        if let reason = handle.close() {
            discardTemporary()
            throw AudioError(.writeFailed, path: url.path, reason: reason)
        }
        if fsync(descriptor) != 0 {
            let reason = String(cString: strerror(errno))
            discardTemporary()
            throw AudioError(.writeFailed, path: url.path, reason: "fsync: \(reason)")
        }
        close(descriptor)
        guard rename(temporaryPath, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw AudioError(.writeFailed, path: url.path, reason: "rename: \(reason)")
        }
        let directory = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    private func discardTemporary() {
        close(descriptor)
        unlink(temporaryPath)
    }

    deinit {
        if let handle {
            handle.close()
            discardTemporary()
        }
    }
}
