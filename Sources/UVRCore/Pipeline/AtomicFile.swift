import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Publishing files so that a reader never sees half of one: write to a temporary name in the
/// same directory, fsync, rename into place, fsync the directory.
public enum AtomicFile {
    /// A hidden temporary name beside `finalPath`, unique to this process and call.
    public static func temporaryPath(for finalPath: String) -> String {
        let url = URL(fileURLWithPath: finalPath)
        let name = ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// fsyncs `temporaryPath`, renames it to `finalPath` (replacing any previous file) and fsyncs
    /// the directory. On failure the temporary file is removed.
    public static func publish(temporaryPath: String, as finalPath: String) throws(TaskFailure) {
        do throws(TaskFailure) {
            try fsyncPath(temporaryPath, flags: O_RDONLY)
            guard rename(temporaryPath, finalPath) == 0 else {
                throw failure("cannot rename \(temporaryPath) to \(finalPath)")
            }
        } catch {
            unlink(temporaryPath)
            throw error
        }
        try fsyncPath(URL(fileURLWithPath: finalPath).deletingLastPathComponent().path, flags: O_RDONLY | O_DIRECTORY)
    }

    /// Copies `source` to `destination` atomically, streaming in 1 MiB blocks.
    public static func copy(from source: String, to destination: String) throws(TaskFailure) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw failure("cannot open \(source)") }
        defer { close(input) }
        let temporary = temporaryPath(for: destination)
        let output = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw failure("cannot create \(temporary)") }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var copyError: TaskFailure?
        while copyError == nil {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                copyError = failure("cannot read \(source)")
                break
            }
            copyError = buffer.withUnsafeBytes { bytes -> TaskFailure? in
                var offset = 0
                while offset < count {
                    let written = write(output, bytes.baseAddress! + offset, count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return failure("cannot write \(temporary)")
                    }
                    offset += written
                }
                return nil
            }
        }
        close(output)
        if let copyError {
            unlink(temporary)
            throw copyError
        }
        try publish(temporaryPath: temporary, as: destination)
    }

    private static func fsyncPath(_ path: String, flags: Int32) throws(TaskFailure) {
        let descriptor = open(path, flags | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot open \(path) to fsync") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("cannot fsync \(path)") }
    }

    private static func failure(_ what: String) -> TaskFailure {
        TaskFailure(.outputFailed, "\(what): \(String(cString: strerror(errno)))")
    }
}
