import Foundation
import UVRKafka

/// What the uploader writes to the dead-letter topic (`--dlq-topic`), keyed by task_uuid, for a
/// result it could not deliver:
///
/// ```json
/// {"task_uuid": "3f1c…", "stage": "webhook", "failure": "permanent",
///  "reason": "http://app/hook answered HTTP 404", "attempts": 1,
///  "failed_at": "2026-12-04T22:41:07Z",
///  "source": {"topic": "uvr-results", "partition": 0, "offset": 17},
///  "result": {…the original result…}}
/// ```
///
/// `result` is the original result object, or its text when it was not a JSON object.
public struct DeadLetterRecord: Sendable, Equatable {
    /// Where delivery stopped.
    public enum Stage: String, Sendable {
        /// The result could not be parsed.
        case decode
        /// Uploading the stems failed.
        case upload
        /// Calling the hook_url failed (or it was missing or refused).
        case webhook
    }

    /// Why it stopped.
    public enum Failure: String, Sendable {
        /// The result message is malformed.
        case malformed
        /// A failure that retrying cannot fix (4xx, refused URL, missing stem).
        case permanent
        /// Still failing retryably when `--max-attempts` or `--retry-for` ran out.
        case retriesExhausted = "retries_exhausted"
    }

    public let taskUUID: String
    public let stage: Stage
    public let failure: Failure
    /// One line saying what went wrong.
    public let reason: String
    /// Upload and webhook attempts made (0 when none was possible).
    public let attempts: Int
    /// The result message as consumed.
    public let source: KafkaMessage
    public let failedAt: Date

    /// A record for the result `source`.
    public init(taskUUID: String, stage: Stage, failure: Failure, reason: String, attempts: Int, source: KafkaMessage,
                failedAt: Date = Date()) {
        self.taskUUID = taskUUID
        self.stage = stage
        self.failure = failure
        self.reason = reason
        self.attempts = attempts
        self.source = source
        self.failedAt = failedAt
    }

    /// The message key: the task_uuid as UTF-8.
    public var key: [UInt8] { Array(taskUUID.utf8) }

    /// The JSON value (keys sorted).
    public func encoded() -> Data {
        let payload = Data(source.value)
        let original: Any = (try? JSONSerialization.jsonObject(with: payload)) as? [String: Any]
            ?? String(decoding: payload, as: UTF8.self)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let object: [String: Any] = [
            "task_uuid": taskUUID,
            "stage": stage.rawValue,
            "failure": failure.rawValue,
            "reason": reason,
            "attempts": attempts,
            "failed_at": formatter.string(from: failedAt),
            "source": ["topic": source.topic, "partition": Int(source.partition), "offset": source.offset] as [String: Any],
            "result": original,
        ]
        // Strings, numbers and the parsed original go in, so serialization cannot fail.
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
