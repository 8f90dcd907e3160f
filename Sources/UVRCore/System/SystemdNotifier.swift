#if canImport(Glibc)
import Glibc
#endif

/// sd_notify(3) without libsystemd: datagrams such as `READY=1` sent to the AF_UNIX socket named
/// by `NOTIFY_SOCKET` (a path, or `@name` for the abstract namespace). Thread-safe; a send that
/// fails is dropped (systemd then times out, which is what a missing notification means anyway).
public final class SystemdNotifier: Sendable {
    /// The socket address as given in NOTIFY_SOCKET.
    public let socketName: String
    private let descriptor: Int32

    /// A notifier for `environment["NOTIFY_SOCKET"]`; nil when it is unset, empty or unusable.
    public init?(environment: [String: String]) {
        guard let name = environment["NOTIFY_SOCKET"], name.hasPrefix("/") || name.hasPrefix("@"),
              name.utf8.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path) else { return nil }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        self.socketName = name
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Sends `assignments` (e.g. `["READY=1", "STATUS=Running"]`) as one datagram; true when sent.
    @discardableResult
    public func notify(_ assignments: [String]) -> Bool {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketName.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.enumerated() { buffer[index] = byte }
            if path.first == UInt8(ascii: "@") { buffer[0] = 0 }
        }
        // An abstract address's length counts exactly its bytes; a path's includes the NUL.
        let pathLength = path.first == UInt8(ascii: "@") ? path.count : path.count + 1
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathLength)
        let message = Array(assignments.joined(separator: "\n").utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                message.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), socketAddress, length) }
            }
        }
        return sent == message.count
    }
}
