import Foundation

/// A fresh directory under the system temp dir, removed when the value is deinitialised.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("uvrcore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        // Resolve symlinks (e.g. /tmp -> /private/tmp) so paths compare with realpath results.
        path = url.resolvingSymlinksInPath().path
    }

    deinit { remove() }

    /// The full path of `name` inside the directory (nothing is created).
    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Removes the directory and everything in it now (also done on deinit).
    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `contents` to `name` (creating parent directories) and returns the full path.
    @discardableResult
    func write(_ name: String, _ contents: String = "data") throws -> String {
        let full = (path as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: full))
        return full
    }
}
