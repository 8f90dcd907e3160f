import Foundation

/// A validated task from the task topic: `{"task_uuid", "audio_path", "hook_url"}`.
public struct TaskMessage: Sendable, Equatable {
    /// Safe as a file name (`[A-Za-z0-9-]{1,64}`); names the outputs and keys the result.
    public let taskUUID: String
    /// As sent; untrusted until resolved by `AudioPathResolver`.
    public let audioPath: String
    /// As sent; checked by the uploader's URL policy before any request.
    public let hookURL: String

    public init(taskUUID: String, audioPath: String, hookURL: String) {
        self.taskUUID = taskUUID
        self.audioPath = audioPath
        self.hookURL = hookURL
    }

    /// The message key: the task_uuid as UTF-8.
    public var key: Data { Data(taskUUID.utf8) }

    /// The JSON payload `{"audio_path", "hook_url", "task_uuid"}` (keys sorted).
    public func encoded() -> Data {
        let object = ["task_uuid": taskUUID, "audio_path": audioPath, "hook_url": hookURL]
        // Only strings go in, so serialization cannot fail.
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    /// Parses and validates a raw task message. Unknown fields are ignored. Never throws: a bad
    /// message yields a `TaskRejection` carrying whatever identity could be recovered.
    public static func parse(payload: Data?, key: Data?) -> Result<TaskMessage, TaskRejection> {
        let fields: JSONObjectFields
        switch JSONObjectFields.parse(payload) {
        case .success(let parsed): fields = parsed
        case .failure(let failure):
            return .failure(TaskRejection(taskUUID: recoveredIdentity(json: nil, key: key), hookURL: nil, failure: failure))
        }
        do throws(TaskFailure) {
            let taskUUID = try fields.string("task_uuid")
            guard TaskUUID.isSafe(taskUUID) else {
                throw TaskFailure(.invalidTask, "field task_uuid must match [A-Za-z0-9-]{1,64} (no dots, slashes or spaces)")
            }
            let audioPath = try fields.string("audio_path")
            let hookURL = try fields.string("hook_url")
            return .success(TaskMessage(taskUUID: taskUUID, audioPath: audioPath, hookURL: hookURL))
        } catch {
            let identity = recoveredIdentity(json: fields.recoverableString("task_uuid"), key: key)
            return .failure(TaskRejection(taskUUID: identity, hookURL: fields.recoverableString("hook_url"), failure: error))
        }
    }

    /// The identity for a failure result: the JSON's task_uuid if echoable, else the message key
    /// if echoable, else `"unknown"`.
    static func recoveredIdentity(json: String?, key: Data?) -> String {
        if let json, TaskUUID.isEchoable(json) { return json }
        if let key, let text = String(data: key, encoding: .utf8), TaskUUID.isEchoable(text) { return text }
        return "unknown"
    }
}

/// A task that failed validation, with the identity and hook recovered for its failure result.
public struct TaskRejection: Error, Sendable, Equatable {
    /// The task_uuid recovered from the payload, else the message key, else `"unknown"`. Visible
    /// ASCII only (safe as a Kafka key and header value) but NOT necessarily safe as a file name.
    public let taskUUID: String
    /// The hook_url when it was present as a string.
    public let hookURL: String?
    public let failure: TaskFailure

    public init(taskUUID: String, hookURL: String?, failure: TaskFailure) {
        self.taskUUID = taskUUID
        self.hookURL = hookURL
        self.failure = failure
    }

    /// The failure result to produce for this rejected task.
    public var result: ResultMessage {
        ResultMessage(taskUUID: taskUUID, hookURL: hookURL, outcome: .failed(failure))
    }
}
