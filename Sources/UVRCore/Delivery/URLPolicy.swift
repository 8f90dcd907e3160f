import Foundation

/// Which URLs uvrctl may send requests to: only `http` and `https`, and with an allowlist
/// (`--allow-hosts`, comma-separated, each an exact host or `*.suffix`) only matching hosts.
/// `*.example.com` matches `a.example.com` and `a.b.example.com`, not `example.com` itself.
/// Hosts compare case-insensitively, ignoring one trailing dot.
public struct URLPolicy: Sendable, Equatable {
    /// Allowlist entries, lowercased; nil allows any host.
    public let allowedHosts: [String]?

    /// Any http or https URL.
    public static let anyHTTPHost = URLPolicy(allowedHosts: nil)

    public init(allowedHosts: [String]?) {
        self.allowedHosts = allowedHosts?.map(Self.normalizedHost)
    }

    /// Parses `--allow-hosts` (nil or empty allows any host); fails naming a malformed entry.
    public init(allowHosts: String?) throws(DeliveryFailure) {
        guard let allowHosts, !allowHosts.trimmingCharacters(in: .whitespaces).isEmpty else {
            self.init(allowedHosts: nil)
            return
        }
        let entries = allowHosts.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        for entry in entries {
            let host = entry.hasPrefix("*.") ? String(entry.dropFirst(2)) : entry
            let valid = !host.isEmpty && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-.:[]".contains($0)) }
            guard valid else { throw DeliveryFailure(.permanent, "--allow-hosts entry \(entry.debugDescription) is not a host or *.suffix") }
        }
        self.init(allowedHosts: entries)
    }

    /// Checks `url`; on success returns libcurl's parse of it, to be used for the transfer.
    func check(_ url: String) -> Result<CurlURL, DeliveryFailure> {
        guard let parsed = CurlURL(url) else {
            return .failure(DeliveryFailure(.permanent, "URL \(url.debugDescription) is malformed or has an unsupported scheme"))
        }
        guard let scheme = parsed.scheme, scheme == "http" || scheme == "https" else {
            return .failure(DeliveryFailure(.permanent, "URL \(url.debugDescription) refused: only http and https are allowed"))
        }
        guard let host = parsed.host, !host.isEmpty else {
            return .failure(DeliveryFailure(.permanent, "URL \(url.debugDescription) has no host"))
        }
        guard allows(host: host) else {
            return .failure(DeliveryFailure(.permanent, "URL \(url.debugDescription) refused: host \(host) is not in --allow-hosts"))
        }
        return .success(parsed)
    }

    /// True when `host` matches the allowlist (always, without one).
    public func allows(host: String) -> Bool {
        guard let allowedHosts else { return true }
        let candidate = Self.normalizedHost(host)
        return allowedHosts.contains { pattern in
            if pattern.hasPrefix("*.") {
                let suffix = pattern.dropFirst(1) // ".example.com"
                return candidate.count > suffix.count && candidate.hasSuffix(suffix)
            }
            return candidate == pattern
        }
    }

    private static func normalizedHost(_ host: String) -> String {
        let lower = host.lowercased()
        return lower.hasSuffix(".") ? String(lower.dropLast()) : lower
    }
}
