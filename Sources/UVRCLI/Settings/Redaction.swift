/// Keeps secrets out of logs and errors: `-X` properties whose key contains `password`, `secret`
/// or `key`, and options the table marks as secret (`--webhook-secret`).
public enum Redaction {
    /// What a redacted value is printed as.
    public static let placeholder = "[REDACTED]"

    /// True when a property with this key holds a secret (case-insensitive match of password, secret, key).
    public static func isSecret(key: String) -> Bool {
        let lowered = key.lowercased()
        return ["password", "secret", "key"].contains { lowered.contains($0) }
    }

    /// `value`, or the placeholder when `key` names a secret.
    public static func redactedValue(_ value: String, forKey key: String) -> String {
        isSecret(key: key) ? placeholder : value
    }

    /// Command-line words with secret values replaced: `-X sasl.password=...`, `--webhook-secret ...`.
    public static func redactArguments(_ arguments: [String]) -> [String] {
        let secretOptions = Set(CommandTable.allOptions.filter(\.isSecret).map(\.longForm))
        var result: [String] = []
        var redactNext = false
        var nextIsProperty = false
        for word in arguments {
            if redactNext {
                result.append(placeholder)
                redactNext = false
            } else if nextIsProperty {
                result.append(KafkaProperty(parsing: word)?.description ?? word)
                nextIsProperty = false
            } else if let equals = word.firstIndex(of: "="), secretOptions.contains(String(word[..<equals])) {
                result.append("\(word[..<equals])=\(placeholder)")
            } else if word.hasPrefix("-X"), word.count > 2 {
                let property = String(word.dropFirst(2).drop { $0 == "=" })
                result.append("-X" + (KafkaProperty(parsing: property)?.description ?? property))
            } else {
                result.append(word)
                redactNext = secretOptions.contains(word)
                nextIsProperty = word == "-X"
            }
        }
        return result
    }
}
