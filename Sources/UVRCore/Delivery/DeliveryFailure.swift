import Foundation

/// Why a webhook call or upload did not succeed, and whether trying again can help.
public struct DeliveryFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// How the caller should react.
    public enum Kind: Sendable, Equatable {
        /// Connection error, timeout, 408, 429 or 5xx; `retryAfter` in seconds when the server said.
        case retryable(retryAfter: TimeInterval?)
        /// Another 4xx, a 3xx (redirects are not followed), a bad or disallowed URL, a missing file.
        case permanent
        /// Aborted because shutdown was signalled.
        case cancelled
    }

    public let kind: Kind
    /// One line naming the URL or file and what went wrong.
    public let reason: String

    public init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { reason }
}
