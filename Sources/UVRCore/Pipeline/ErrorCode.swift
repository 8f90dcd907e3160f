/// The contract's `error_code` values carried by a failure result.
public enum ErrorCode: String, Sendable, CaseIterable, Codable {
    /// Not JSON, a missing or mistyped field, or a task_uuid unsafe as a file name.
    case invalidTask = "invalid_task"
    /// audio_path names nothing, or something that is not a regular file.
    case audioNotFound = "audio_not_found"
    /// audio_path resolves (symlinks followed) outside the input directory.
    case pathNotAllowed = "path_not_allowed"
    /// The file cannot be decoded, is empty, or has an absurd rate or channel count.
    case unsupportedAudio = "unsupported_audio"
    /// The separator failed.
    case separationFailed = "separation_failed"
    /// The stems could not be written.
    case outputFailed = "output_failed"
}

/// Why one task failed: the contract's code plus a one-line message naming the problem.
public struct TaskFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: ErrorCode
    public let message: String

    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
