#if canImport(Glibc)
import Glibc
#endif

/// Writes all of `bytes` to `fd`, retrying after EINTR and partial writes; true on success.
/// A line no longer than PIPE_BUF, or any line to a regular O_APPEND file, goes out in one write(2).
@discardableResult
func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let count = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += count
        }
        return true
    }
}
