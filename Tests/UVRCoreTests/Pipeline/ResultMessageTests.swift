import Foundation
import Testing
@testable import UVRCore

private func object(_ data: Data) throws -> NSDictionary {
    try #require(JSONSerialization.jsonObject(with: data) as? NSDictionary)
}

@Suite struct ResultMessageTests {
    let success = ResultMessage(taskUUID: "t1", hookURL: "https://h/x",
                                outcome: .succeeded(vocalsPath: "/o/t1_vocals.wav", instrumentalPath: "/o/t1_instrumental.wav", durationMs: 8123))
    let failure = ResultMessage(taskUUID: "t2", hookURL: "https://h/y",
                                outcome: .failed(TaskFailure(.audioNotFound, "audio_path /x does not exist")))

    @Test func successEncodesTheContractForm() throws {
        let json = try object(success.encoded())
        #expect(json == ["task_uuid": "t1", "success": true, "vocals_path": "/o/t1_vocals.wav",
                         "instrumental_path": "/o/t1_instrumental.wav", "hook_url": "https://h/x", "duration_ms": 8123] as NSDictionary)
        #expect(String(decoding: success.encoded(), as: UTF8.self).contains(#""success":true"#))
        #expect(success.key == Data("t1".utf8))
    }

    @Test func failureEncodesTheContractForm() throws {
        let json = try object(failure.encoded())
        #expect(json == ["task_uuid": "t2", "success": false, "error_code": "audio_not_found",
                         "error_message": "audio_path /x does not exist", "hook_url": "https://h/y"] as NSDictionary)
    }

    @Test func failureWithoutHookOmitsIt() throws {
        let result = ResultMessage(taskUUID: "unknown", hookURL: nil, outcome: .failed(TaskFailure(.invalidTask, "payload is not valid JSON")))
        #expect(try object(result.encoded())["hook_url"] == nil)
        #expect(try ResultMessage.decode(payload: result.encoded(), key: nil).get() == result)
    }

    @Test func everyErrorCodeRoundTrips() throws {
        #expect(ErrorCode.allCases.map(\.rawValue) == ["invalid_task", "audio_not_found", "path_not_allowed",
                                                       "unsupported_audio", "separation_failed", "output_failed"])
        for code in ErrorCode.allCases {
            let result = ResultMessage(taskUUID: "t", hookURL: "h", outcome: .failed(TaskFailure(code, "m")))
            #expect(try ResultMessage.decode(payload: result.encoded(), key: nil).get() == result)
        }
        #expect(try ResultMessage.decode(payload: success.encoded(), key: nil).get() == success)
    }

    @Test(arguments: [
        ("{", "malformed result: payload is not valid JSON"),
        (#"{"task_uuid":"t1","success":"yes"}"#, "malformed result: field success must be true or false"),
        (#"{"task_uuid":"t1","success":1,"hook_url":"h"}"#, "malformed result: field success must be true or false"),
        (#"{"task_uuid":"t1","success":true,"hook_url":"h","vocals_path":"v","instrumental_path":"i"}"#, "malformed result: missing field duration_ms"),
        (#"{"task_uuid":"t1","success":true,"hook_url":"h","vocals_path":"v","instrumental_path":"i","duration_ms":1.5}"#, "malformed result: field duration_ms must be a non-negative integer"),
        (#"{"task_uuid":"t1","success":true,"hook_url":"h","vocals_path":"v","instrumental_path":"i","duration_ms":true}"#, "malformed result: field duration_ms must be a non-negative integer"),
        (#"{"task_uuid":"../t","success":true,"hook_url":"h","vocals_path":"v","instrumental_path":"i","duration_ms":1}"#, "malformed result: field task_uuid must match [A-Za-z0-9-]{1,64}"),
        (#"{"task_uuid":"t1","success":false,"hook_url":"h","error_code":"boom","error_message":"m"}"#, #"malformed result: field error_code has unknown value "boom""#),
    ])
    func malformedResultsAreClassified(payload: String, message: String) throws {
        guard case .failure(let rejection) = ResultMessage.decode(payload: Data(payload.utf8), key: Data("key".utf8)) else {
            Issue.record("accepted \(payload)")
            return
        }
        #expect(rejection.failure == TaskFailure(.invalidTask, message))
        #expect(rejection.taskUUID == (payload.contains(#""t1""#) ? "t1" : payload.contains("../t") ? "../t" : "key"))
    }
}
