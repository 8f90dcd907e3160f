import Foundation
import Testing
@testable import UVRKafka
@testable import UVRCLI

@Suite struct OffsetsTableTests {
    private func row(_ group: String, _ topic: String, _ partition: Int32, committed: Int64?, low: Int64 = 0, high: Int64,
                     member: GroupMember? = nil) -> OffsetRow {
        OffsetRow(group: group, partition: TopicPartition(topic: topic, partition: partition), committed: committed,
                  watermarks: Watermarks(low: low, high: high), member: member)
    }

    @Test func lagIsLogEndMinusCommittedOrTheWholeLogWhenNeverCommitted() {
        #expect(row("g", "t", 0, committed: 3, high: 10).lag == 7)
        #expect(row("g", "t", 0, committed: nil, low: 4, high: 10).lag == 6)
        // A committed offset past the log end (after truncation) is no negative lag.
        #expect(row("g", "t", 0, committed: 12, high: 10).lag == 0)
    }

    @Test func tableHasTheConsumerGroupsColumnsUnknownsAsDashesAndATotalPerGroupAndTopic() {
        let member = GroupMember(consumerID: "uvrctl-1a2b", clientID: "uvrctl", host: "/10.0.0.7",
                                 assignment: [TopicPartition(topic: "tasks", partition: 0)])
        let text = OffsetsTable.text([
            row("proc", "tasks", 0, committed: 5, high: 8, member: member),
            row("proc", "tasks", 1, committed: nil, high: 4),
            row("other", "tasks", 0, committed: 8, high: 8),
        ])
        let lines = text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines == [
            ["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"],
            ["proc", "tasks", "0", "5", "8", "3", "uvrctl-1a2b", "/10.0.0.7", "uvrctl"],
            ["proc", "tasks", "1", "-", "4", "4", "-", "-", "-"],
            ["proc", "tasks", "TOTAL", "-", "12", "7", "-", "-", "-"],
            ["other", "tasks", "0", "8", "8", "0", "-", "-", "-"],
            ["other", "tasks", "TOTAL", "-", "8", "0", "-", "-", "-"],
        ])
        // Columns line up: every line starts its LAG column at the same place.
        let rows = text.split(separator: "\n").map(String.init)
        let lagColumn = rows[0].range(of: "LAG")!.lowerBound.utf16Offset(in: rows[0])
        #expect(rows.dropFirst().allSatisfy { $0.count > lagColumn && $0[$0.index($0.startIndex, offsetBy: lagColumn - 1)] == " " })
    }

    @Test func jsonHasTheContractsKeysInOrderWithNullForNeverCommitted() throws {
        let text = OffsetsTable.json([row("g\"1", "tasks", 0, committed: 2, high: 5), row("g\"1", "tasks", 1, committed: nil, high: 3)])
        #expect(text.contains(#"{"group":"g\"1","topic":"tasks","partition":0,"current_offset":2,"log_end_offset":5,"lag":3}"#))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(parsed.count == 2)
        #expect(parsed[1]["current_offset"] is NSNull)
        #expect(parsed[1]["lag"] as? Int == 3)
        #expect(OffsetsTable.json([]) == "[]\n")
    }
}
