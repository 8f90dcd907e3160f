import Foundation

/// The JSON body POSTed to a task's hook_url:
/// `{"task_uuid", "success": true, "vocals_url", "instrumental_url"}` or
/// `{"task_uuid", "success": false, "error_code", "error_message"}`.
public enum WebhookPayload: Sendable, Equatable {
    case succeeded(taskUUID: String, vocalsURL: String, instrumentalURL: String)
    case failed(taskUUID: String, failure: TaskFailure)

    public var taskUUID: String {
        switch self {
        case .succeeded(let taskUUID, _, _), .failed(let taskUUID, _): return taskUUID
        }
    }

    /// The exact body bytes (keys sorted); the signature is computed over these.
    public func body() -> Data {
        var object: [String: Any] = ["task_uuid": taskUUID]
        switch self {
        case .succeeded(_, let vocalsURL, let instrumentalURL):
            object["success"] = true
            object["vocals_url"] = vocalsURL
            object["instrumental_url"] = instrumentalURL
        case .failed(_, let failure):
            object["success"] = false
            object["error_code"] = failure.code.rawValue
            object["error_message"] = failure.message
        }
        // Only strings and Bool go in, so serialization cannot fail.
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
