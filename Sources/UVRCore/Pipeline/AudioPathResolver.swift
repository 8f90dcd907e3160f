import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Resolves an untrusted `audio_path` to a regular file inside the input directory.
///
/// Rule: an absolute audio_path is used as is; a relative one is taken relative to the input
/// directory. The path is first checked lexically (`..` collapsed) and then resolved with every
/// symlink followed (realpath); both must lie inside the input directory's realpath, compared
/// component by component (`/srv/in2` is not inside `/srv/in`); the lexical check also accepts
/// the directory as configured (it may be a symlink). Outside → `path_not_allowed`
/// (checked before existence, so probing outside files reveals nothing); nothing there →
/// `audio_not_found`; a directory, FIFO, device or socket → `audio_not_found` (it is not an
/// audio file, and it is never opened).
public struct AudioPathResolver: Sendable {
    /// The input directory's realpath.
    public let inputDirectory: String
    /// The input directory as configured, made absolute and lexically normalized.
    private let configuredDirectory: String

    /// Fails when the input directory does not exist or is not a directory.
    public init(inputDirectory: String) throws(TaskFailure) {
        guard let real = Self.realPath(inputDirectory) else {
            throw TaskFailure(.audioNotFound, "input directory \(inputDirectory) does not exist")
        }
        var status = stat()
        guard stat(real, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw TaskFailure(.audioNotFound, "input directory \(inputDirectory) is not a directory")
        }
        self.inputDirectory = real
        let absolute = inputDirectory.hasPrefix("/") ? inputDirectory : FileManager.default.currentDirectoryPath + "/" + inputDirectory
        configuredDirectory = Self.lexicallyNormalized(absolute)
    }

    /// The realpath of the audio file, or the failure to report for the task.
    public func resolve(_ audioPath: String) -> Result<String, TaskFailure> {
        guard !audioPath.isEmpty else { return .failure(TaskFailure(.invalidTask, "field audio_path must not be empty")) }
        guard !audioPath.utf8.contains(0) else {
            return .failure(TaskFailure(.pathNotAllowed, "audio_path contains a NUL byte"))
        }
        let joined = audioPath.hasPrefix("/") ? audioPath : inputDirectory + "/" + audioPath
        let lexical = Self.lexicallyNormalized(joined)
        guard Self.isInside(lexical, directory: inputDirectory) || Self.isInside(lexical, directory: configuredDirectory) else {
            return .failure(TaskFailure(.pathNotAllowed, "audio_path \(audioPath) is outside the input directory \(inputDirectory)"))
        }
        guard let real = Self.realPath(joined) else {
            return .failure(TaskFailure(.audioNotFound, "audio_path \(audioPath) does not exist"))
        }
        guard Self.isInside(real, directory: inputDirectory) else {
            return .failure(TaskFailure(.pathNotAllowed, "audio_path \(audioPath) resolves to \(real), outside the input directory \(inputDirectory)"))
        }
        var status = stat()
        guard stat(real, &status) == 0 else {
            return .failure(TaskFailure(.audioNotFound, "audio_path \(audioPath) cannot be examined: \(String(cString: strerror(errno)))"))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            return .failure(TaskFailure(.audioNotFound, "audio_path \(audioPath) is not a regular file"))
        }
        return .success(real)
    }

    /// True when `path` equals `directory` or lies below it, comparing whole components.
    static func isInside(_ path: String, directory: String) -> Bool {
        let pathParts = path.split(separator: "/", omittingEmptySubsequences: true)
        let directoryParts = directory.split(separator: "/", omittingEmptySubsequences: true)
        guard pathParts.count > directoryParts.count else { return false }
        return zip(pathParts, directoryParts).allSatisfy { $0 == $1 }
    }

    /// `path` with `.` and `..` components collapsed, without consulting the file system.
    static func lexicallyNormalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// realpath(3), or nil when the path does not resolve.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
