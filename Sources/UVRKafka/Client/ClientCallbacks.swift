internal import CRdKafka
import Synchronization

/// The per-handle state librdkafka's C callbacks reach through the configuration opaque.
///
/// It lives as long as its KafkaClient; when a handle is abandoned (destroy hung) it is leaked
/// on purpose, because librdkafka's threads may still call into it.
final class ClientCallbacks: Sendable {
    /// Where log lines go (nil: dropped).
    let logHandler: KafkaLogHandler?
    /// Where statistics JSON goes (nil: statistics are not hooked).
    let statisticsHandler: KafkaStatisticsHandler?
    /// The consumer's rebalance handling, installed by Consumer before it subscribes.
    let rebalanceHandler = Mutex<(@Sendable (rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> Void)?>(nil)
    /// The last client-level error librdkafka reported through error_cb.
    private let lastClientError = Mutex<KafkaError?>(nil)

    init(logHandler: KafkaLogHandler?, statisticsHandler: KafkaStatisticsHandler? = nil) {
        self.logHandler = logHandler
        self.statisticsHandler = statisticsHandler
    }

    /// Remembers a client-level error (e.g. `_TRANSPORT`, `_ALL_BROKERS_DOWN`).
    func recordClientError(_ error: KafkaError) {
        lastClientError.withLock { $0 = error }
    }

    /// The last client-level error, if any.
    var clientError: KafkaError? { lastClientError.withLock { $0 } }
}
