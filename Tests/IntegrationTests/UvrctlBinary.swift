import Foundation

/// Locates the `uvrctl` executable that `swift build` put beside the test bundle.
enum UvrctlBinary {
    struct NotBuilt: Error, CustomStringConvertible {
        let looked: String
        var description: String { "uvrctl binary not found at \(looked); run `swift build` before `swift test`" }
    }

    /// The absolute path of the built binary, or an error saying to build it first.
    static func path() throws -> String {
        if let explicit = ProcessInfo.processInfo.environment["UVRCTL_BINARY"] { return explicit }
        let products = Bundle.main.bundleURL.deletingLastPathComponent()
        var candidates = [products.appendingPathComponent("uvrctl").path]
        // Swift Testing on Linux may run from the .xctest path itself.
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("uvrctl").path)
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        throw NotBuilt(looked: candidates.joined(separator: " or "))
    }
}
