import Foundation
import Testing
import UVRKafka
@testable import UVRCore

/// The dead-letter record's JSON: the reason, the attempts, where the result came from, and the
/// original result as an object (or as text when it was not JSON).
@Suite struct DeadLetterRecordTests {
    private func decoded(_ record: DeadLetterRecord) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: record.encoded()) as? [String: Any])
    }

    @Test func recordCarriesTheOriginalResultObjectAndWhereItCameFrom() throws {
        let result = #"{"task_uuid":"abc-1","success":false,"error_code":"audio_not_found","error_message":"gone","hook_url":"http://h/x"}"#
        let message = KafkaMessage(topic: "uvr-results", partition: 2, offset: 41, key: Array("abc-1".utf8), value: Array(result.utf8))
        let record = DeadLetterRecord(taskUUID: "abc-1", stage: .webhook, failure: .retriesExhausted, reason: "http://h/x answered HTTP 503",
                                      attempts: 8, source: message, failedAt: Date(timeIntervalSince1970: 1_800_000_000))
        let json = try decoded(record)
        #expect(record.key == Array("abc-1".utf8))
        #expect(json["task_uuid"] as? String == "abc-1")
        #expect(json["stage"] as? String == "webhook" && json["failure"] as? String == "retries_exhausted")
        #expect(json["reason"] as? String == "http://h/x answered HTTP 503" && json["attempts"] as? Int == 8)
        #expect(json["failed_at"] as? String == "2027-01-15T08:00:00Z")
        let source = try #require(json["source"] as? [String: Any])
        #expect(source["topic"] as? String == "uvr-results" && source["partition"] as? Int == 2 && source["offset"] as? Int == 41)
        let original = try #require(json["result"] as? [String: Any])
        #expect(original["error_code"] as? String == "audio_not_found" && original["hook_url"] as? String == "http://h/x")
        #expect(Set(json.keys) == ["task_uuid", "stage", "failure", "reason", "attempts", "failed_at", "source", "result"])
    }

    @Test(arguments: ["not json at all", "[1,2,3]", ""])
    func aResultThatIsNotAJSONObjectIsKeptAsText(payload: String) throws {
        let message = KafkaMessage(topic: "uvr-results", partition: 0, offset: 0, key: nil, value: Array(payload.utf8))
        let record = DeadLetterRecord(taskUUID: "unknown", stage: .decode, failure: .malformed, reason: "malformed result", attempts: 0, source: message)
        let json = try decoded(record)
        #expect(json["result"] as? String == payload)
        #expect(json["failure"] as? String == "malformed" && json["attempts"] as? Int == 0)
    }
}
