import UVRKafka

/// Gathers `uvrctl offsets` rows from cluster queries: topic metadata, watermarks, each group's
/// committed offsets and, where the broker answers, the group's members. Every query has its own
/// deadline; metadata and watermarks are asked once per topic however many groups are reported.
final class OffsetsCollector {
    /// A topic named with `--topic` does not exist.
    struct MissingTopic: Error { let topic: String }

    private let query: OffsetsQuery
    private let timeout: Duration
    private var partitionsByTopic: [String: [Int32]?] = [:]
    private var watermarks: [TopicPartition: Watermarks] = [:]
    /// Default topics that do not exist (reported once, as a note).
    private(set) var skippedTopics: [String] = []

    init(query: OffsetsQuery, timeout: Duration) {
        self.query = query
        self.timeout = timeout
    }

    /// The rows of `group` on `topics` (given with --topic: a missing one throws `MissingTopic`);
    /// with `topics` nil, on those of `fallbackTopics` where the group committed, or all of them if none.
    func rows(group: String, topics: [String]?, fallbackTopics: [String]) async throws -> [OffsetRow] {
        var candidates: [TopicPartition] = []
        for topic in topics ?? fallbackTopics {
            guard let partitions = try await partitions(of: topic, required: topics != nil) else { continue }
            candidates += partitions.map { TopicPartition(topic: topic, partition: $0) }
        }
        guard !candidates.isEmpty else { return [] }
        let committed = try await query.committedOffsets(group: group, partitions: candidates, timeout: timeout)
        if topics == nil {
            let committedTopics = Set(committed.keys.map(\.topic))
            if !committedTopics.isEmpty { candidates = candidates.filter { committedTopics.contains($0.topic) } }
        }
        let description = try? await query.describeGroup(group, timeout: timeout)
        var rows: [OffsetRow] = []
        for partition in candidates {
            rows.append(OffsetRow(group: group, partition: partition, committed: committed[partition],
                                  watermarks: try await watermarks(of: partition), member: description?.owner(of: partition)))
        }
        return rows
    }

    /// The partitions of `topic`, nil when it does not exist and is not `required`.
    private func partitions(of topic: String, required: Bool) async throws -> [Int32]? {
        if let known = partitionsByTopic[topic] {
            if known == nil, required { throw MissingTopic(topic: topic) }
            return known
        }
        do throws(KafkaError) {
            let partitions = try await query.partitions(of: topic, timeout: timeout)
            partitionsByTopic[topic] = .some(partitions)
            return partitions
        } catch where error.code == .unknownTopicOrPartition {
            partitionsByTopic[topic] = .some(nil)
            if required { throw MissingTopic(topic: topic) }
            skippedTopics.append(topic)
            return nil
        }
    }

    private func watermarks(of partition: TopicPartition) async throws(KafkaError) -> Watermarks {
        if let known = watermarks[partition] { return known }
        let fetched = try await query.watermarks(of: partition, timeout: timeout)
        watermarks[partition] = fetched
        return fetched
    }
}
