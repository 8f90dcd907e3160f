import Foundation
import Testing
@testable import UVRCore

private func parse(_ json: String, key: String? = nil) -> Result<TaskMessage, TaskRejection> {
    TaskMessage.parse(payload: Data(json.utf8), key: key.map { Data($0.utf8) })
}

private func rejection(_ json: String, key: String? = nil) throws -> TaskRejection {
    guard case .failure(let rejection) = parse(json, key: key) else {
        Issue.record("expected \(json) to be rejected")
        throw CancellationError()
    }
    return rejection
}

@Suite struct TaskMessageTests {
    @Test func validTaskParsesAndIgnoresUnknownFields() throws {
        let result = parse(#"{"task_uuid":"3f1c-AB9","audio_path":"/srv/in/a.mp3","hook_url":"https://h/x","extra":[1,2]}"#)
        #expect(try result.get() == TaskMessage(taskUUID: "3f1c-AB9", audioPath: "/srv/in/a.mp3", hookURL: "https://h/x"))
    }

    @Test(arguments: [
        ("not json at all", "payload is not valid JSON"),
        ("[1,2]", "payload is not a JSON object"),
        ("\"text\"", "payload is not a JSON object"),
        ("", "message has an empty payload"),
    ])
    func nonObjectPayloadsAreInvalidTasks(payload: String, message: String) throws {
        let rejection = try rejection(payload, key: "key-1")
        #expect(rejection.failure == TaskFailure(.invalidTask, message))
        #expect(rejection.taskUUID == "key-1")
        #expect(rejection.hookURL == nil)
    }

    @Test func nilPayloadIsInvalidTaskWithUnknownIdentityWithoutKey() {
        guard case .failure(let rejection) = TaskMessage.parse(payload: nil, key: nil) else {
            Issue.record("nil payload accepted")
            return
        }
        #expect(rejection.taskUUID == "unknown")
        #expect(rejection.failure.code == .invalidTask)
    }

    @Test(arguments: [
        (#"{"audio_path":"a","hook_url":"h"}"#, "missing field task_uuid"),
        (#"{"task_uuid":7,"audio_path":"a","hook_url":"h"}"#, "field task_uuid must be a string"),
        (#"{"task_uuid":"t1","hook_url":"h"}"#, "missing field audio_path"),
        (#"{"task_uuid":"t1","audio_path":null,"hook_url":"h"}"#, "missing field audio_path"),
        (#"{"task_uuid":"t1","audio_path":["a"],"hook_url":"h"}"#, "field audio_path must be a string"),
        (#"{"task_uuid":"t1","audio_path":"","hook_url":"h"}"#, "field audio_path must not be empty"),
        (#"{"task_uuid":"t1","audio_path":"a"}"#, "missing field hook_url"),
        (#"{"task_uuid":"t1","audio_path":"a","hook_url":true}"#, "field hook_url must be a string"),
    ])
    func missingAndMistypedFieldsNameTheField(payload: String, message: String) throws {
        let rejection = try rejection(payload)
        #expect(rejection.failure == TaskFailure(.invalidTask, message))
    }

    @Test(arguments: ["../etc", "a/b", "a.b", "has space", "", String(repeating: "a", count: 65), "é"])
    func unsafeTaskUUIDsAreRejected(uuid: String) throws {
        let payload = try String(decoding: JSONSerialization.data(withJSONObject: ["task_uuid": uuid, "audio_path": "a", "hook_url": "h"]), as: UTF8.self)
        let rejection = try rejection(payload, key: "k")
        #expect(rejection.failure.code == .invalidTask)
        #expect(rejection.failure.message.contains("task_uuid"))
        #expect(rejection.hookURL == "h")
    }

    @Test func recoveryPrefersEchoableUUIDThenKeyThenUnknown() throws {
        // A bad uuid that is still visible ASCII is echoed back so the customer recognises it.
        #expect(try rejection(#"{"task_uuid":"a.b","audio_path":"a","hook_url":"h"}"#, key: "k").taskUUID == "a.b")
        // A uuid with a line break (header injection) is not echoed: the key is used.
        #expect(try rejection(#"{"task_uuid":"a\r\nX: y","audio_path":"a","hook_url":"h"}"#, key: "k").taskUUID == "k")
        #expect(try rejection(#"{"task_uuid":"ok-1","audio_path":5,"hook_url":"h"}"#, key: "k").taskUUID == "ok-1")
        #expect(try rejection(#"{"task_uuid":5}"#, key: "k 2").taskUUID == "unknown")
        #expect(try rejection(#"{"task_uuid":5}"#).taskUUID == "unknown")
    }

    @Test func rejectionBecomesFailureResult() throws {
        let rejection = try rejection(#"{"task_uuid":"t9","hook_url":"https://h"}"#)
        #expect(rejection.result == ResultMessage(taskUUID: "t9", hookURL: "https://h",
                                                  outcome: .failed(TaskFailure(.invalidTask, "missing field audio_path"))))
    }

    @Test func encodedTaskParsesBackToItself() throws {
        let task = TaskMessage(taskUUID: "0b5e7a52-9c1d-4d6e-8f00-1234567890ab", audioPath: "/srv/in/x \"y\".wav", hookURL: "http://h/hook?a=1")
        #expect(try TaskMessage.parse(payload: task.encoded(), key: task.key).get() == task)
        let object = try JSONSerialization.jsonObject(with: task.encoded()) as? [String: String]
        #expect(object.map { Set($0.keys) } == ["task_uuid", "audio_path", "hook_url"])
    }

    @Test func safeUUIDRule() {
        #expect(TaskUUID.isSafe("3f1c2b6e-0000-4a4a-9b9b-abcdefABCDEF"))
        #expect(TaskUUID.isSafe(String(repeating: "z", count: 64)))
        #expect(!TaskUUID.isSafe(".."))
        #expect(!TaskUUID.isSafe("a_b"))
    }
}
