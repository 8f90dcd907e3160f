import UVRAudio

/// Why a separation did not produce both stems; `code` is the contract's `error_code`.
public struct SeparationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The failure classes the result message reports.
    public enum Code: String, Sendable, CaseIterable {
        /// The input file does not exist.
        case audioNotFound = "audio_not_found"
        /// The input cannot be decoded: empty, truncated, corrupt, absurd rate or channel count.
        case unsupportedAudio = "unsupported_audio"
        /// The separator itself failed (an external tool's exit status and stderr tail).
        case separationFailed = "separation_failed"
        /// A stem could not be written.
        case outputFailed = "output_failed"
        /// Cancellation was requested; nothing was published.
        case cancelled
    }

    /// The contract error class.
    public let code: Code
    /// A one-line explanation naming the file and the underlying library's reason.
    public let message: String

    /// Creates an error of class `code`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Maps an audio-layer failure: reading problems are the input's, writing problems the output's.
    public init(_ error: AudioError) {
        switch error.kind {
        case .notFound: self.init(.audioNotFound, error.description)
        case .unsupported: self.init(.unsupportedAudio, error.description)
        case .writeFailed: self.init(.outputFailed, error.description)
        }
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
