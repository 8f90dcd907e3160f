/// A secret setting (e.g. the webhook secret): prints as a placeholder; read `value` only to use it.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself.
    public let value: String

    /// Wraps a secret.
    public init(_ value: String) { self.value = value }

    public var description: String { Redaction.placeholder }
    public var debugDescription: String { Redaction.placeholder }
}
