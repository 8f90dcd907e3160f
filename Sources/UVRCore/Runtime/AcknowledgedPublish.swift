import Foundation
import UVRKafka

/// Produces a job's outcome message and reports the task once the broker acknowledged it, so its
/// offset is committed only after that (used by the processor's results and the uploader's
/// dead letters).
enum AcknowledgedPublish {
    /// Queues `value` keyed by `key` on `topic` (waiting while librdkafka's queue is full) and
    /// calls `finish(.completed(summary))` on the delivery report, `.deliveryFailed` otherwise.
    static func publish(_ value: [UInt8], key: [UInt8], topic: String, using producer: Producer, summary: TaskSummary,
                        logger: Logger, finish: @escaping @Sendable (TaskOutcome) -> Void) {
        while true {
            do throws(KafkaError) {
                try producer.produce(topic: topic, key: key, value: value) { delivery in
                    switch delivery {
                    case .success: finish(.completed(summary))
                    case .failure(let error):
                        logger.error("Delivery to \(topic) failed: \(error)")
                        finish(.deliveryFailed(error.description))
                    }
                }
                return
            } catch where error.isQueueFull {
                usleep(1_000)
            } catch {
                finish(.deliveryFailed(error.description))
                return
            }
        }
    }
}
