internal import CRdKafka

/// The one error type of UVRKafka: a classification code plus librdkafka's own error name and message.
public struct KafkaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An extensible classification of what went wrong, for callers that branch on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name, e.g. "unreachable".
        public let name: String
        /// Creates a code; add new ones as static constants.
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A librdkafka property is unknown or has an invalid value (exit 78 territory).
        public static let configuration = Code("configuration")
        /// No broker could be reached: connection refused, name not resolved, all brokers down (exit 69).
        public static let unreachable = Code("unreachable")
        /// The operation did not finish within its deadline.
        public static let timedOut = Code("timedOut")
        /// The broker does not support the request (e.g. group describe on the dev broker).
        public static let unsupported = Code("unsupported")
        /// The topic or partition does not exist.
        public static let unknownTopicOrPartition = Code("unknownTopicOrPartition")
        /// The handle was already closed, or a close step had to abandon it.
        public static let closed = Code("closed")
        /// A commit from outside a consumer group was refused because the group has (or, on the
        /// dev broker, once had) members: UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS.
        public static let groupNotEmpty = Code("groupNotEmpty")
        /// Any other error reported by librdkafka or the broker; see `name` and `message`.
        public static let kafka = Code("kafka")
    }

    /// The classification of this error.
    public let code: Code
    /// librdkafka's error name (rd_kafka_err2name), e.g. "_TRANSPORT" or "UNKNOWN_TOPIC_OR_PART".
    public let name: String
    /// A human-readable message: librdkafka's, optionally prefixed with what we were doing.
    public let message: String
    /// librdkafka's numeric rd_kafka_resp_err_t, when the error came from librdkafka.
    public let librdkafkaCode: Int32?

    /// Creates an error from its parts (for errors UVRKafka detects itself).
    public init(code: Code, name: String, message: String, librdkafkaCode: Int32? = nil) {
        self.code = code
        self.name = name
        self.message = message
        self.librdkafkaCode = librdkafkaCode
    }

    /// True when no broker could be reached at all (the CLI maps this to exit 69).
    public var isUnreachable: Bool { code == .unreachable }

    /// True when librdkafka's local produce queue is full (wait for deliveries, then retry).
    public var isQueueFull: Bool { name == "_QUEUE_FULL" }

    /// One line: "<message> (<name>)".
    public var description: String { "\(message) (\(name))" }
}

extension KafkaError {
    /// Maps an rd_kafka_resp_err_t; `context` says what was being done, e.g. "commit".
    init(_ err: rd_kafka_resp_err_t, context: String? = nil, detail: String? = nil) {
        let name = String(cString: rd_kafka_err2name(err))
        let text = detail ?? String(cString: rd_kafka_err2str(err))
        self.init(
            code: Self.classify(err),
            name: name,
            message: context.map { "\($0): \(text)" } ?? text,
            librdkafkaCode: err.rawValue
        )
    }

    /// Maps an owned rd_kafka_error_t and destroys it.
    init(consuming error: OpaquePointer, context: String? = nil) {
        let err = rd_kafka_error_code(error)
        let detail = String(cString: rd_kafka_error_string(error))
        rd_kafka_error_destroy(error)
        self.init(err, context: context, detail: detail)
    }

    /// The classification for a librdkafka error code.
    static func classify(_ err: rd_kafka_resp_err_t) -> Code {
        switch err {
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__RESOLVE:
            return .unreachable
        case RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
            return .timedOut
        case RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE, RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION:
            return .unsupported
        case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION,
             RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
            return .unknownTopicOrPartition
        case RD_KAFKA_RESP_ERR__DESTROY:
            return .closed
        default:
            return .kafka
        }
    }

    /// An error for a step that did not finish within its time limit.
    static func timedOut(_ what: String) -> KafkaError {
        KafkaError(code: .timedOut, name: "_TIMED_OUT", message: "\(what) did not finish within its time limit",
                   librdkafkaCode: RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue)
    }
}
