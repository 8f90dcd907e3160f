import Foundation

/// A fresh directory for one test (input, output, PID files, child logs), removed afterwards.
final class ScratchDirectory: Sendable {
    /// Its real path (symlinks resolved, so it compares with paths the binary reports).
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("uvrctl-it-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.resolvingSymlinksInPath().path
    }

    /// The path of `name` inside it (created as a directory when `directory` is true).
    func path(_ name: String, directory: Bool = false) throws -> String {
        let full = path + "/" + name
        if directory { try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true) }
        return full
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
