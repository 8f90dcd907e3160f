/// One `-X key=value` librdkafka property, passed through for the Kafka layer to validate.
public struct KafkaProperty: Sendable, Hashable, CustomStringConvertible {
    /// The librdkafka property name, e.g. `security.protocol`.
    public let key: String
    /// Its value, possibly a secret: print `description`, never `value`.
    public let value: String

    /// A property.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Splits `key=value` at the first `=`; nil when there is no key.
    public init?(parsing text: String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
        self.init(key: String(text[..<equals]).trimmingCharacters(in: .whitespaces),
                  value: String(text[text.index(after: equals)...]))
    }

    /// `key=value` with the value redacted when the key names a secret.
    public var description: String { "\(key)=\(Redaction.redactedValue(value, forKey: key))" }
}
