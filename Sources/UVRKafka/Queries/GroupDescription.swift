internal import CRdKafka
import Synchronization

/// One member of a consumer group, as the broker describes it.
public struct GroupMember: Sendable, Hashable {
    /// The member id the coordinator assigned (CONSUMER-ID).
    public let consumerID: String
    /// The member's client.id (CLIENT-ID).
    public let clientID: String
    /// The member's host as the broker sees it (HOST), e.g. "/127.0.0.1".
    public let host: String
    /// The partitions assigned to it.
    public let assignment: [TopicPartition]
}

/// A consumer group's state and members (DescribeConsumerGroups).
public struct GroupDescription: Sendable, Hashable {
    /// The group id.
    public let groupID: String
    /// The group state as librdkafka names it, e.g. "Stable", "Empty".
    public let state: String
    /// The group's members.
    public let members: [GroupMember]

    /// The member that owns `partition`, if any.
    public func owner(of partition: TopicPartition) -> GroupMember? {
        members.first { $0.assignment.contains(partition) }
    }
}

extension OffsetsQuery {
    /// Bootstrap lists whose brokers are known not to answer group-describe requests.
    private static let describeUnsupported = Mutex<Set<String>>([])

    /// Describes `group` with its members, or throws (`.unsupported` where the broker does not
    /// answer DescribeConsumerGroups, e.g. the dev broker). Never hangs: at most `timeout`.
    ///
    /// librdkafka 2.0.2 cannot destroy a handle whose DescribeConsumerGroups failed (destroy
    /// hangs), so every describe uses a throwaway handle that is destroyed after a success and
    /// deliberately leaked (threads and all) after a failure. A failure is remembered per
    /// bootstrap list, so one process leaks at most one handle per cluster.
    public func describeGroup(_ group: String, timeout: Duration) throws(KafkaError) -> GroupDescription {
        let servers = config["bootstrap.servers"] ?? ""
        if Self.describeUnsupported.withLock({ $0.contains(servers) }) {
            throw KafkaError(code: .unsupported, name: "_UNSUPPORTED_FEATURE",
                             message: "the broker does not answer group-describe requests")
        }
        let throwaway = try KafkaClient(type: RD_KAFKA_PRODUCER, config: config, defaults: ["client.id": "uvrctl-describe"])
        do throws(KafkaError) {
            let description = try Self.describe(group, on: throwaway, timeout: timeout)
            throwaway.destroy(limit: .seconds(2))
            return description
        } catch {
            throwaway.abandon()
            if error.code == .unsupported { Self.describeUnsupported.withLock { _ = $0.insert(servers) } }
            throw throwaway.reclassify(error, context: "describe group \(group)")
        }
    }

    /// `describeGroup(_:timeout:)` on a dedicated thread.
    public func describeGroup(_ group: String, timeout: Duration) async throws(KafkaError) -> GroupDescription {
        try await Watchdog.offload(name: "rdkafka-describe") { () throws(KafkaError) in try self.describeGroup(group, timeout: timeout) }
    }

    /// Sends DescribeConsumerGroups on `client` and waits for its result event up to `timeout`.
    private static func describe(_ group: String, on client: KafkaClient, timeout: Duration) throws(KafkaError) -> GroupDescription {
        let rk = client.pointer
        guard let queue = rd_kafka_queue_new(rk) else {
            throw KafkaError(code: .kafka, name: "_QUEUE", message: "could not create a result queue")
        }
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errstr = [CChar](repeating: 0, count: 256)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, Int32(max(1, timeout.milliseconds)), &errstr, errstr.count)
        group.withCString { name in
            var names: [UnsafePointer<CChar>?] = [name]
            rd_kafka_DescribeConsumerGroups(rk, &names, 1, options, queue)
        }
        guard let event = rd_kafka_queue_poll(queue, timeout.milliseconds) else { throw KafkaError.timedOut("describe group \(group)") }
        defer { rd_kafka_event_destroy(event) }
        let err = rd_kafka_event_error(event)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(err, detail: rd_kafka_event_error_string(event).map { String(cString: $0) })
        }
        guard let result = rd_kafka_event_DescribeConsumerGroups_result(event) else {
            throw KafkaError(code: .kafka, name: "_BAD_MSG", message: "unexpected admin result")
        }
        var count = 0
        guard let groups = rd_kafka_DescribeConsumerGroups_result_groups(result, &count), count > 0, let description = groups[0] else {
            throw KafkaError(code: .kafka, name: "_BAD_MSG", message: "empty group description")
        }
        if let error = rd_kafka_ConsumerGroupDescription_error(description) {
            throw KafkaError(rd_kafka_error_code(error), detail: String(cString: rd_kafka_error_string(error)))
        }
        let members = (0..<rd_kafka_ConsumerGroupDescription_member_count(description)).compactMap { index -> GroupMember? in
            guard let member = rd_kafka_ConsumerGroupDescription_member(description, index) else { return nil }
            var assignment: [TopicPartition] = []
            if let memberAssignment = rd_kafka_MemberDescription_assignment(member),
               let list = rd_kafka_MemberAssignment_partitions(memberAssignment) {
                assignment = PartitionList.partitions(of: UnsafeMutablePointer(mutating: list)).sorted()
            }
            return GroupMember(
                consumerID: String(cString: rd_kafka_MemberDescription_consumer_id(member)),
                clientID: String(cString: rd_kafka_MemberDescription_client_id(member)),
                host: String(cString: rd_kafka_MemberDescription_host(member)),
                assignment: assignment
            )
        }
        return GroupDescription(
            groupID: String(cString: rd_kafka_ConsumerGroupDescription_group_id(description)),
            state: String(cString: rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(description))),
            members: members
        )
    }
}
