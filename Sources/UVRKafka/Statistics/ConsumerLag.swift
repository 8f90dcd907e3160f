import Foundation

/// Reads the per-partition consumer lag out of librdkafka's statistics JSON.
public enum ConsumerLag {
    /// Each assigned partition's `consumer_lag` (log-end offset minus committed offset) from one
    /// statistics JSON document; partitions whose lag librdkafka does not know yet (-1) and the
    /// internal unassigned partition (-1) are left out. Nil when `json` is not statistics JSON.
    public static func fromStatistics(_ json: String) -> [TopicPartition: Int64]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let topics = object["topics"] as? [String: Any] else { return nil }
        var lag: [TopicPartition: Int64] = [:]
        for (topic, value) in topics {
            guard let partitions = (value as? [String: Any])?["partitions"] as? [String: Any] else { continue }
            for case let (_, partition as [String: Any]) in partitions {
                guard let number = (partition["partition"] as? NSNumber)?.int32Value, number >= 0,
                      (partition["desired"] as? Bool) ?? true,
                      let value = (partition["consumer_lag"] as? NSNumber)?.int64Value, value >= 0 else { continue }
                lag[TopicPartition(topic: topic, partition: number)] = value
            }
        }
        return lag
    }
}
