import Foundation

/// Keeps secrets out of log lines: known secret values, values of sensitive keys, URL passwords.
public struct Redactor: Sendable {
    /// What a secret is replaced with.
    public static let placeholder = "[REDACTED]"

    private let secrets: [String]

    /// A redactor that also replaces every occurrence of `secrets` (values shorter than 3 characters are ignored).
    public init(secrets: [String] = []) {
        self.secrets = secrets.filter { $0.count >= 3 }.sorted { $0.count > $1.count }
    }

    /// Whether a configuration key or field name names a secret (`sasl.password`, `ssl.key.password`, `api_token`…).
    public static func isSensitiveKey(_ key: String) -> Bool {
        // The fields every task line carries are checked first: this runs for each of them.
        if everyLineFields.contains(key) { return false }
        let lowered = key.lowercased()
        return ["password", "passwd", "secret", "token", "credential", "authorization", "api_key", "apikey", "private.key", "sasl.oauthbearer.config"]
            .contains { lowered.contains($0) }
    }

    /// Field names on every task's log lines, known not to name a secret.
    private static let everyLineFields: Set<String> = ["task_uuid", "partition", "offset", "topic", "role"]

    /// `value`, or the placeholder when `key` names a secret.
    public static func value(_ value: String, forKey key: String) -> String {
        isSensitiveKey(key) ? placeholder : value
    }

    /// `text` with known secrets and URL passwords (`scheme://user:password@host`) replaced.
    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.placeholder)
        }
        return Self.redactURLPasswords(result)
    }

    /// Replaces the password part of every `scheme://user:password@` in `text`.
    public static func redactURLPasswords(_ text: String) -> String {
        // Byte scans first: most lines have no '@', and Foundation's contains is slow on Linux.
        guard text.utf8.contains(UInt8(ascii: "@")), text.contains("://") else { return text }
        return text.replacing(#/(?<head>[A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]*:)[^@\s/]+@/#) { match in
            "\(match.output.head)\(placeholder)@"
        }
    }
}
