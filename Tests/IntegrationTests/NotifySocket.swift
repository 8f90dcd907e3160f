import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bound AF_UNIX datagram socket in the abstract namespace, standing in for systemd's
/// NOTIFY_SOCKET: it collects the datagrams a child sends.
final class NotifySocket {
    /// The NOTIFY_SOCKET value naming it (`@…`).
    let name = "@uvrctl-test-\(UUID().uuidString)"
    private let descriptor: Int32

    init() throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(name.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = index == 0 ? 0 : byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        guard bound == 0 else { close(descriptor); throw CocoaError(.fileWriteUnknown) }
    }

    deinit { close(descriptor) }

    /// The next datagram, or nil when none arrived within 200 ms.
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self) : nil
    }

    /// Datagrams received until one contains `assignment` (e.g. `READY=1`), within 20 s.
    func waitFor(_ assignment: String) -> [String] {
        var received: [String] = []
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            guard let datagram = receive() else { continue }
            received.append(datagram)
            if datagram.split(separator: "\n").contains(Substring(assignment)) { break }
        }
        return received
    }
}
