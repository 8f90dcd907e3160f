import Foundation

/// A fresh directory under the system temporary directory, removed by `remove()` or at deinit.
public final class TemporaryDirectory: Sendable {
    /// The directory's absolute path, symlinks resolved (so it compares equal to realpath results).
    public let path: String

    /// Creates the directory.
    public init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("uvrctl-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.resolvingSymlinksInPath().path
    }

    deinit { remove() }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Creates the directory `name` inside the directory (with its parents) and returns its full path.
    @discardableResult
    public func directory(_ name: String) throws -> String {
        let full = file(name)
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        return full
    }

    /// The text of `name` inside the directory ("" when it is missing).
    public func contents(_ name: String) -> String {
        (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? ""
    }

    /// Writes `contents` to `name` (creating parent directories) and returns the full path.
    @discardableResult
    public func write(_ name: String, _ contents: String = "data") throws -> String {
        let full = file(name)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: full))
        return full
    }

    /// Deletes the directory and everything in it.
    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
