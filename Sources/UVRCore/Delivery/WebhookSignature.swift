internal import CCrypto
import Foundation

/// The `X-UVR-Signature` header: `sha256=<lowercase hex HMAC-SHA256 of the exact body bytes>`,
/// keyed with the UTF-8 bytes of `--webhook-secret`. Receivers recompute it over the raw body
/// and compare in constant time.
public enum WebhookSignature {
    /// The header's name.
    public static let headerName = "X-UVR-Signature"

    /// The header's value for `body`.
    public static func value(for body: Data, secret: String) -> String {
        "sha256=" + hmacSHA256(key: Array(secret.utf8), message: body).map { hexDigit($0 >> 4) + hexDigit($0 & 0xF) }.joined()
    }

    /// HMAC-SHA256 via libcrypto.
    static func hmacSHA256(key: [UInt8], message: Data) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // A non-null key pointer even for an empty key: OpenSSL treats NULL as "reuse the last key".
        let keyBytes = key.isEmpty ? [0] : key
        let ok = keyBytes.withUnsafeBufferPointer { keyBuffer in
            message.withUnsafeBytes { messageBuffer in
                digest.withUnsafeMutableBufferPointer { out in
                    HMAC(EVP_sha256(), keyBuffer.baseAddress, Int32(key.count),
                         messageBuffer.bindMemory(to: UInt8.self).baseAddress ?? keyBuffer.baseAddress,
                         messageBuffer.count, out.baseAddress, &length)
                }
            }
        }
        precondition(ok != nil && length == 32, "libcrypto HMAC-SHA256 failed")
        return Array(digest.prefix(Int(length)))
    }

    private static func hexDigit(_ nibble: UInt8) -> String {
        String(UnicodeScalar(nibble < 10 ? 0x30 + nibble : 0x57 + nibble))
    }
}
