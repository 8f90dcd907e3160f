/// Why an audio file could not be read or written; `reason` carries libsndfile's own message.
public struct AudioError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, coarse enough to map onto the product's error codes.
    public enum Kind: Sendable, Equatable {
        /// The input file does not exist.
        case notFound
        /// The input cannot be decoded: empty, truncated, corrupt, or an absurd rate or channel count.
        case unsupported
        /// The output could not be written (directory missing, disk full, permissions, encoder failure).
        case writeFailed
    }

    /// The category of the failure.
    public let kind: Kind
    /// The file the failure is about.
    public let path: String
    /// A one-line explanation, libsndfile's own text where it gave one.
    public let reason: String

    /// Creates an error about `path`.
    public init(_ kind: Kind, path: String, reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
