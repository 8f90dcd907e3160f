import Foundation
import Testing
@testable import UVRCore

/// The hand-written result JSON says exactly what JSONSerialization would, for awkward text too.
@Suite struct ResultEncodingTests {
    static let awkward = ["plain", "quote \" and \\ backslash", "line\nbreak\ttab\r", "control \u{01}\u{1F}", "/slashes/ü€𝄞", ""]

    @Test(arguments: awkward)
    func encodedResultsParseBackToTheSameFields(text: String) throws {
        let success = ResultMessage(taskUUID: "t-1", hookURL: "http://h/\(text)",
                                    outcome: .succeeded(vocalsPath: "/out/\(text)_v.wav", instrumentalPath: "/out/i.wav", durationMs: 42))
        let object = try #require(try JSONSerialization.jsonObject(with: success.encoded()) as? [String: Any])
        #expect(object["hook_url"] as? String == "http://h/\(text)")
        #expect(object["vocals_path"] as? String == "/out/\(text)_v.wav")
        #expect(object["duration_ms"] as? Int == 42)
        #expect(object["success"] as? Bool == true)
        #expect(ResultMessage.decode(payload: success.encoded(), key: nil) == .success(success))

        let failure = ResultMessage(taskUUID: "t-2", hookURL: nil, outcome: .failed(TaskFailure(.unsupportedAudio, text)))
        let failed = try #require(try JSONSerialization.jsonObject(with: failure.encoded()) as? [String: Any])
        #expect(failed["error_message"] as? String == text)
        #expect(failed["error_code"] as? String == "unsupported_audio")
        #expect(failed["hook_url"] == nil)
        #expect(failed["success"] as? Bool == false)
    }

    @Test func keysAreSortedSoEqualResultsAreEqualBytes() {
        let result = ResultMessage(taskUUID: "t", hookURL: "h", outcome: .succeeded(vocalsPath: "v", instrumentalPath: "i", durationMs: 1))
        #expect(String(decoding: result.encoded(), as: UTF8.self)
            == #"{"duration_ms":1,"hook_url":"h","instrumental_path":"i","success":true,"task_uuid":"t","vocals_path":"v"}"#)
    }
}
