import Foundation
import UVRKafka

/// One line of `uvrctl offsets`: a group's position on one partition.
struct OffsetRow: Sendable, Equatable {
    let group: String
    let topic: String
    let partition: Int32
    /// The committed offset; nil when the group never committed on this partition.
    let currentOffset: Int64?
    /// The partition's log-end offset (high watermark).
    let logEndOffset: Int64
    /// Messages not yet consumed: log end − committed, or the whole log (log end − log start)
    /// when never committed (a new consumer starts at the earliest offset).
    let lag: Int64
    /// The member owning the partition, where the broker answers group-describe requests.
    let member: GroupMember?

    /// A row from the partition's watermarks and the group's committed offset.
    init(group: String, partition: TopicPartition, committed: Int64?, watermarks: Watermarks, member: GroupMember?) {
        self.group = group
        topic = partition.topic
        self.partition = partition.partition
        currentOffset = committed
        logEndOffset = watermarks.high
        lag = max(0, watermarks.high - (committed ?? watermarks.low))
        self.member = member
    }

    /// The contract's JSON object, keys in its order: group, topic, partition, current_offset
    /// (null when never committed), log_end_offset, lag.
    var jsonObject: String {
        "{\"group\":\(Self.jsonString(group)),\"topic\":\(Self.jsonString(topic)),\"partition\":\(partition)," +
            "\"current_offset\":\(currentOffset.map(String.init) ?? "null"),\"log_end_offset\":\(logEndOffset),\"lag\":\(lag)}"
    }

    /// `text` as a JSON string literal.
    private static func jsonString(_ text: String) -> String {
        // A string is always a valid JSON fragment.
        let data = (try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes])) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
