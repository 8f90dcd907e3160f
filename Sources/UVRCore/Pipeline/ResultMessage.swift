import Foundation

/// A result on the result topic, in the contract's success or failure form (snake_case keys).
public struct ResultMessage: Sendable, Equatable {
    /// What happened to the task.
    public enum Outcome: Sendable, Equatable {
        /// Both stems were written; `durationMs` is the processing time.
        case succeeded(vocalsPath: String, instrumentalPath: String, durationMs: Int)
        /// The task failed with the contract's error code.
        case failed(TaskFailure)
    }

    public let taskUUID: String
    /// Always present on success; absent on a failure whose task had no usable hook_url.
    public let hookURL: String?
    public let outcome: Outcome

    public init(taskUUID: String, hookURL: String?, outcome: Outcome) {
        self.taskUUID = taskUUID
        self.hookURL = hookURL
        self.outcome = outcome
    }

    /// The message key: the task_uuid as UTF-8.
    public var key: Data { Data(taskUUID.utf8) }

    /// The JSON payload (keys sorted, so equal results encode to equal bytes). Written directly:
    /// JSONSerialization with sorted keys cost a third of the processor's CPU per task.
    public func encoded() -> Data {
        var fields: [(String, String)] = []
        switch outcome {
        case .succeeded(let vocals, let instrumental, let durationMs):
            fields.append(("duration_ms", String(durationMs)))
            if let hookURL { fields.append(("hook_url", JSONText.quoted(hookURL))) }
            fields.append(("instrumental_path", JSONText.quoted(instrumental)))
            fields.append(("success", "true"))
            fields.append(("task_uuid", JSONText.quoted(taskUUID)))
            fields.append(("vocals_path", JSONText.quoted(vocals)))
        case .failed(let failure):
            fields.append(("error_code", JSONText.quoted(failure.code.rawValue)))
            fields.append(("error_message", JSONText.quoted(failure.message)))
            if let hookURL { fields.append(("hook_url", JSONText.quoted(hookURL))) }
            fields.append(("success", "false"))
            fields.append(("task_uuid", JSONText.quoted(taskUUID)))
        }
        return Data(("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}").utf8)
    }

    /// Decodes a result for the uploader. A malformed result is classified, never a crash:
    /// the error carries the recovered task_uuid (else the key, else `"unknown"`) and hook_url.
    /// A success result's task_uuid must be safe as a file name, because the uploader builds
    /// paths and URLs from it.
    public static func decode(payload: Data?, key: Data?) -> Result<ResultMessage, TaskRejection> {
        let fields: JSONObjectFields
        switch JSONObjectFields.parse(payload) {
        case .success(let parsed): fields = parsed
        case .failure(let failure):
            let identity = TaskMessage.recoveredIdentity(json: nil, key: key)
            return .failure(TaskRejection(taskUUID: identity, hookURL: nil, failure: malformed(failure)))
        }
        do throws(TaskFailure) {
            let taskUUID = try fields.string("task_uuid")
            if try fields.bool("success") {
                guard TaskUUID.isSafe(taskUUID) else {
                    throw TaskFailure(.invalidTask, "field task_uuid must match [A-Za-z0-9-]{1,64}")
                }
                let outcome = Outcome.succeeded(
                    vocalsPath: try fields.string("vocals_path"),
                    instrumentalPath: try fields.string("instrumental_path"),
                    durationMs: try fields.nonNegativeInteger("duration_ms"))
                return .success(ResultMessage(taskUUID: taskUUID, hookURL: try fields.string("hook_url"), outcome: outcome))
            }
            guard TaskUUID.isEchoable(taskUUID) else {
                throw TaskFailure(.invalidTask, "field task_uuid must be 1-128 visible ASCII characters")
            }
            let codeText = try fields.string("error_code")
            guard let code = ErrorCode(rawValue: codeText) else {
                throw TaskFailure(.invalidTask, "field error_code has unknown value \(codeText.debugDescription)")
            }
            let failure = TaskFailure(code, try fields.string("error_message", allowEmpty: true))
            let hookURL = fields.recoverableString("hook_url")
            return .success(ResultMessage(taskUUID: taskUUID, hookURL: hookURL, outcome: .failed(failure)))
        } catch {
            let identity = TaskMessage.recoveredIdentity(json: fields.recoverableString("task_uuid"), key: key)
            return .failure(TaskRejection(taskUUID: identity, hookURL: fields.recoverableString("hook_url"), failure: malformed(error)))
        }
    }

    private static func malformed(_ failure: TaskFailure) -> TaskFailure {
        TaskFailure(failure.code, "malformed result: \(failure.message)")
    }
}
