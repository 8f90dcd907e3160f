/// Rules for task identifiers: which are safe as file names, and which may be echoed back.
public enum TaskUUID {
    /// Longest task_uuid accepted.
    public static let maximumLength = 64
    /// Longest identifier echoed in a failure result when the task_uuid itself was unusable.
    static let maximumRecoveredLength = 128

    /// True when `value` matches `[A-Za-z0-9-]{1,64}`: no dots, slashes or other path syntax.
    public static func isSafe(_ value: String) -> Bool {
        let scalars = value.unicodeScalars
        guard !scalars.isEmpty, scalars.count <= maximumLength else { return false }
        return scalars.allSatisfy { isASCIIAlphanumeric($0) || $0 == "-" }
    }

    /// True when `value` may be echoed as a result key and `Idempotency-Key` header even though it
    /// is not safe as a file name: 1…128 visible ASCII characters (no spaces, no control bytes).
    static func isEchoable(_ value: String) -> Bool {
        let scalars = value.unicodeScalars
        guard !scalars.isEmpty, scalars.count <= maximumRecoveredLength else { return false }
        return scalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return false
        }
    }
}
