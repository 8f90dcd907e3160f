internal import CRdKafka

/// An in-memory Kafka-protocol broker cluster on loopback: librdkafka's mock cluster, owned.
///
/// For development and tests only: everything lives in this process's memory. librdkafka 2.0.2
/// binds each mock broker to 127.0.0.1 on an ephemeral port; the port cannot be chosen.
public final class DevBroker: Sendable {
    /// Kafka API keys usable with `injectErrors`, named as in the protocol.
    public enum APIKey: Int16, Sendable {
        case produce = 0, fetch = 1, listOffsets = 2, metadata = 3, offsetCommit = 8, offsetFetch = 9
        case findCoordinator = 10, joinGroup = 11, heartbeat = 12, leaveGroup = 13, syncGroup = 14
        case describeGroups = 15, apiVersions = 18, initProducerId = 22
    }

    /// Kafka protocol error codes usable with `injectErrors`.
    public enum ProtocolError: Int32, Sendable {
        case notLeaderForPartition = 6, requestTimedOut = 7, notCoordinator = 16
        case notEnoughReplicas = 19, topicAuthorizationFailed = 29, groupAuthorizationFailed = 30
        case invalidRecord = 87
    }

    private let client: KafkaClient
    private let cluster: SendablePointer
    /// The number of brokers; their ids are 1...brokerCount.
    public let brokerCount: Int
    /// The comma-separated `host:port` list of the brokers, for `bootstrap.servers`.
    public let bootstrapServers: String

    /// Starts `brokers` mock brokers on loopback (on a dedicated librdkafka handle).
    public init(brokers: Int = 1, logHandler: KafkaLogHandler? = nil) throws(KafkaError) {
        let callbacks = ClientCallbacks(logHandler: logHandler)
        let conf = try KafkaConfig(bootstrapServers: "", properties: [:], logHandler: logHandler)
            .makeConf(defaults: [:], callbacks: callbacks)
        client = try KafkaClient(type: RD_KAFKA_PRODUCER, conf: conf, callbacks: callbacks, bootstrapServers: "")
        guard let cluster = rd_kafka_mock_cluster_new(client.pointer, Int32(clamping: brokers)) else {
            throw KafkaError(code: .kafka, name: "_MOCK", message: "could not start the development broker")
        }
        self.cluster = SendablePointer(cluster)
        self.brokerCount = brokers
        self.bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    /// Creates a topic with `partitions` partitions (replication factor 1).
    public func createTopic(_ name: String, partitions: Int) throws(KafkaError) {
        try check(rd_kafka_mock_topic_create(cluster.pointer, name, Int32(clamping: partitions), 1), "create topic \(name)")
    }

    /// Makes the next `count` requests of `api` fail with `error` (then they succeed again).
    public func injectErrors(_ api: APIKey, _ error: ProtocolError, count: Int) {
        let errors = [rd_kafka_resp_err_t](repeating: rd_kafka_resp_err_t(error.rawValue), count: count)
        rd_kafka_mock_push_request_errors_array(cluster.pointer, api.rawValue, errors.count, errors)
    }

    /// Removes errors still queued for `api`.
    public func clearErrors(_ api: APIKey) {
        rd_kafka_mock_clear_request_errors(cluster.pointer, api.rawValue)
    }

    /// Takes broker `id` (1-based) down: its connections are closed and new ones refused.
    public func setBrokerDown(_ id: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_down(cluster.pointer, id), "set broker \(id) down")
    }

    /// Brings broker `id` back up.
    public func setBrokerUp(_ id: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_up(cluster.pointer, id), "set broker \(id) up")
    }

    /// Delays every response of broker `id` by `rtt` (zero removes the delay).
    public func setRoundTripTime(_ id: Int32, _ rtt: Duration) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_rtt(cluster.pointer, id, Int32(rtt.milliseconds)), "set broker \(id) RTT")
    }

    private func check(_ err: rd_kafka_resp_err_t, _ what: String) throws(KafkaError) {
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: what) }
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster.pointer)
    }
}
