import Foundation
import Testing
import TestSupport
@testable import UVRCore
#if canImport(Glibc)
import Glibc
#endif

/// sd_notify datagrams received on real AF_UNIX sockets: a path and an abstract name.
@Suite struct SystemdNotifierTests {
    @Test(arguments: [false, true])
    func phasesBecomeReadyStatusAndStopping(abstract: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let name = abstract ? "@uvrctl-core-test-\(UUID().uuidString)" : directory.file("notify")
        let receiver = try DatagramReceiver(name)
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": name]))
        let reporter = SystemdPhaseReporter(role: .processor, notifier: notifier)
        reporter.phaseChanged(.running)
        reporter.phaseChanged(.draining)
        reporter.phaseChanged(.closing)
        #expect(receiver.receive() == "READY=1\nSTATUS=Processor running")
        #expect(receiver.receive() == "STOPPING=1\nSTATUS=Processor draining")
        #expect(receiver.receive() == "STOPPING=1\nSTATUS=Processor closing")
    }

    @Test func noSocketMeansNoNotifier() {
        #expect(SystemdNotifier(environment: [:]) == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": ""]) == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "relative/path"]) == nil)
    }
}

/// A bound datagram socket (path, or `@name` abstract) that receives with a 2 s limit.
private final class DatagramReceiver {
    private let descriptor: Int32

    init(_ name: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(name.utf8)
        let isAbstract = name.hasPrefix("@")
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = isAbstract && index == 0 ? 0 : byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (isAbstract ? 0 : 1))
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        guard bound == 0 else { throw TestSetupError(description: "cannot bind \(name): errno \(errno)") }
    }

    deinit { close(descriptor) }

    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self) : nil
    }
}
