import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `<pid-dir>/<role>.state.json`: rewritten atomically (temp file, fsync, rename) by the running
/// process, read by `status` and `stop`. Blocking file I/O: call it off the cooperative pool.
public struct StateFile: Sendable {
    /// The state file's path.
    public let path: String

    /// The state file of `role` in `directory`.
    public init(directory: String, role: ProcessRole) {
        path = (directory as NSString).appendingPathComponent(role.stateFileName)
    }

    /// Atomically replaces the file with `snapshot`.
    public func write(_ snapshot: RoleStateSnapshot) throws(LifecycleError) {
        let data: Data
        do { data = try Self.encoder.encode(snapshot) } catch {
            throw LifecycleError.malformed(file: path, reason: "cannot encode the state: \(error)")
        }
        let temporary = path + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LifecycleError.system("cannot create \(temporary)", errno: errno) }
        let bytes = [UInt8](data) + [0x0A]
        let written = writeAll(fd, bytes)
        let synced = written && fsync(fd) == 0
        let code = errno
        close(fd)
        guard synced else {
            unlink(temporary)
            throw LifecycleError.system("cannot write \(temporary)", errno: code)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw LifecycleError.system("cannot rename \(temporary) to \(path)", errno: code)
        }
    }

    /// The snapshot in the file; nil when there is no file.
    public func read() throws(LifecycleError) -> RoleStateSnapshot? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do { return try Self.decoder.decode(RoleStateSnapshot.self, from: data) } catch {
            throw LifecycleError.malformed(file: path, reason: "not a uvrctl state file")
        }
    }

    /// Deletes the file (nothing happens when it is missing).
    public func remove() {
        unlink(path)
    }

    private static let dateStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(dateStyle))
        }
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = try? Date(text, strategy: dateStyle) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO-8601 date: \(text)")
            }
            return date
        }
        return decoder
    }
}
