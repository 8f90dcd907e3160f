internal import CRdKafka

extension OffsetsQuery {
    /// Every topic in the cluster with its partition numbers (sorted), internal topics left out.
    public func allTopics(timeout: Duration) throws(KafkaError) -> [String: [Int32]] {
        try client.bounded("read cluster metadata", limit: timeout + Self.grace) { rk throws(KafkaError) in
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let err = rd_kafka_metadata(rk, 1, nil, &metadata, timeout.milliseconds)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { throw self.client.error(err, context: "read cluster metadata") }
            defer { rd_kafka_metadata_destroy(metadata) }
            var topics: [String: [Int32]] = [:]
            for entry in UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt)) {
                let name = String(cString: entry.topic)
                guard entry.err == RD_KAFKA_RESP_ERR_NO_ERROR, !name.hasPrefix("__") else { continue }
                topics[name] = UnsafeBufferPointer(start: entry.partitions, count: Int(entry.partition_cnt)).map(\.id).sorted()
            }
            return topics
        }
    }

    /// For each partition, the offset of the first message whose timestamp is at or after
    /// `milliseconds` since the epoch (rd_kafka_offsets_for_times); nil where there is none (the
    /// log has no message that late: the log end is the answer).
    public func offsetsForTime(_ partitions: [TopicPartition], milliseconds: Int64, timeout: Duration) throws(KafkaError) -> [TopicPartition: Int64?] {
        guard !partitions.isEmpty else { return [:] }
        return try client.bounded("look up offsets by time", limit: timeout + Self.grace) { rk throws(KafkaError) in
            let list = PartitionList(partitions.map { TopicPartitionOffset(topic: $0.topic, partition: $0.partition, offset: milliseconds) })
            let err = rd_kafka_offsets_for_times(rk, list.pointer, timeout.milliseconds)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw self.client.error(err, context: "look up offsets by time") }
            if let error = list.firstError(context: "offset by time of") { throw error }
            var offsets: [TopicPartition: Int64?] = [:]
            for element in list.elements {
                offsets[TopicPartition(topic: String(cString: element.topic), partition: element.partition)] = element.offset >= 0 ? element.offset : nil
            }
            return offsets
        }
    }

    /// Commits `offsets` for `group` from outside it: a client with that group.id that never
    /// joins commits them as a "simple consumer" (generation -1, no member id). Kafka accepts
    /// that only while the group has no members; otherwise this throws `.groupNotEmpty` and
    /// nothing is committed. (The dev broker also refuses it for a group that ever had members.)
    public func commitOffsets(group: String, _ offsets: [TopicPartitionOffset], timeout: Duration) throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        var groupConfig = config
        groupConfig["group.id"] = group
        let groupClient = try KafkaClient(type: RD_KAFKA_CONSUMER, config: groupConfig, defaults: Self.defaults)
        defer { groupClient.destroy(limit: .seconds(2)) }
        do throws(KafkaError) {
            try groupClient.bounded("commit offsets of group \(group)", limit: timeout + Self.grace) { rk throws(KafkaError) in
                let list = PartitionList(offsets)
                let err = rd_kafka_commit(rk, list.pointer, 0)
                let failures = [err] + list.elements.map(\.err)
                if let refusal = failures.first(where: Self.isMembershipRefusal) {
                    throw KafkaError(code: .groupNotEmpty, name: String(cString: rd_kafka_err2name(refusal)),
                                     message: "the broker refused a commit from outside group \(group): \(String(cString: rd_kafka_err2str(refusal)))",
                                     librdkafkaCode: refusal.rawValue)
                }
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "commit offsets of group \(group)") }
                if let error = list.firstError(context: "commit") { throw error }
            }
        } catch {
            throw groupClient.reclassify(error, context: nil)
        }
    }

    /// The commit errors that mean "the group has members".
    private static func isMembershipRefusal(_ err: rd_kafka_resp_err_t) -> Bool {
        [RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID, RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS].contains(err)
    }
}
