import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Errors the test helpers raise instead of hanging.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String

    /// An error saying `description`.
    public init(description: String) { self.description = description }
}

/// Waits (sleeping briefly between checks, up to `timeout` seconds) until `condition` holds; throws if it never does.
public func waitUntil(_ what: String, timeout: TimeInterval = 20, _ condition: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        guard Date() < deadline else { throw TestSetupError(description: "gave up waiting until \(what)") }
        usleep(20_000)
    }
}
