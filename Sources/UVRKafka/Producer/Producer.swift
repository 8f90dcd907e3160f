internal import CRdKafka
import Foundation
import Synchronization

/// Called once per produced message with the broker's acknowledgement or the error.
public typealias DeliveryHandler = @Sendable (Result<DeliveryReport, KafkaError>) -> Void

/// An idempotent Kafka producer (enable.idempotence=true, acks=all unless overridden).
///
/// Thread-safe. A dedicated poll thread serves delivery reports as soon as the broker acknowledges,
/// so `produce` never blocks and handlers run promptly on that thread (keep them short).
public final class Producer: Sendable {
    /// The producer's defaults, under the caller's properties.
    public static let defaultProperties: [String: String] = [
        "enable.idempotence": "true",
        "acks": "all",
        "linger.ms": "5",
    ]

    private let client: KafkaClient
    private let pollThread: PollThread

    /// Creates the producer; throws a `.configuration` error naming a bad property.
    public init(config: KafkaConfig) throws(KafkaError) {
        var defaults = Self.defaultProperties
        defaults["client.id"] = "uvrctl"
        let callbacks = ClientCallbacks(logHandler: config.logHandler, statisticsHandler: config.statisticsHandler)
        let conf = try config.makeConf(defaults: defaults, callbacks: callbacks)
        rd_kafka_conf_set_dr_msg_cb(conf, deliveryCallback)
        client = try KafkaClient(type: RD_KAFKA_PRODUCER, conf: conf, callbacks: callbacks, bootstrapServers: config["bootstrap.servers"] ?? "")
        pollThread = PollThread(client: client)
    }

    /// Queues a message without blocking; `onDelivery` is called once the broker acknowledged it
    /// (or it failed). Throws at once when it cannot even be queued (queue full, closed, bad topic).
    public func produce(topic: String, key: [UInt8]?, value: [UInt8], onDelivery: @escaping DeliveryHandler) throws(KafkaError) {
        guard !client.isClosed else {
            throw KafkaError(code: .closed, name: "_DESTROY", message: "the producer is closed")
        }
        let box = Unmanaged.passRetained(DeliveryBox(onDelivery)).toOpaque()
        let error: OpaquePointer? = topic.withCString { topicName in
            value.withUnsafeBytes { valueBytes in
                withOptionalBytes(key) { keyBytes in
                    var values = [rd_kafka_vu_t](repeating: rd_kafka_vu_t(), count: 5)
                    values[0].vtype = RD_KAFKA_VTYPE_TOPIC
                    values[0].u.cstr = topicName
                    values[1].vtype = RD_KAFKA_VTYPE_VALUE
                    values[1].u.mem.ptr = UnsafeMutableRawPointer(mutating: valueBytes.baseAddress)
                    values[1].u.mem.size = valueBytes.count
                    values[2].vtype = RD_KAFKA_VTYPE_KEY
                    values[2].u.mem.ptr = UnsafeMutableRawPointer(mutating: keyBytes?.baseAddress)
                    values[2].u.mem.size = keyBytes?.count ?? 0
                    values[3].vtype = RD_KAFKA_VTYPE_OPAQUE
                    values[3].u.ptr = box
                    values[4].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                    values[4].u.i = RD_KAFKA_MSG_F_COPY
                    return rd_kafka_produceva(client.pointer, &values, values.count)
                }
            }
        }
        if let error {
            Unmanaged<DeliveryBox>.fromOpaque(box).release()
            throw KafkaError(consuming: error, context: "produce to \(topic)")
        }
    }

    /// Produces one message and waits (without blocking a thread) for the broker's acknowledgement.
    public func send(topic: String, key: [UInt8]?, value: [UInt8]) async throws(KafkaError) -> DeliveryReport {
        let result: Result<DeliveryReport, KafkaError> = await withCheckedContinuation { continuation in
            do throws(KafkaError) {
                try produce(topic: topic, key: key, value: value) { continuation.resume(returning: $0) }
            } catch {
                continuation.resume(returning: .failure(error))
            }
        }
        return try result.get()
    }

    /// Messages queued or in flight, not yet reported.
    public var pendingCount: Int {
        client.isClosed ? 0 : Int(rd_kafka_outq_len(client.pointer))
    }

    /// Waits (blocking) until every queued message is reported, or `timeout` passes.
    /// Throws `.timedOut` with messages still pending.
    public func flush(timeout: Duration) throws(KafkaError) {
        guard !client.isClosed else { return }
        let err = rd_kafka_flush(client.pointer, timeout.milliseconds)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(err, context: "flush (\(pendingCount) messages still pending)")
        }
    }

    /// Flushes for up to `timeout`, fails what is still pending (their handlers report
    /// `_PURGE_QUEUE`/`_PURGE_INFLIGHT`), stops the poll thread and destroys the handle, all
    /// within about `timeout` + 2.2 s. Blocking: call it from a dedicated thread. Idempotent.
    @discardableResult
    public func close(timeout: Duration) -> CloseReport {
        var report = CloseReport()
        guard !client.isClosed else { return report }
        do throws(KafkaError) { try flush(timeout: timeout) } catch {
            report.undeliveredMessages = pendingCount
            report.error = error
            rd_kafka_purge(client.pointer, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT)
            rd_kafka_poll(client.pointer, 100)
        }
        pollThread.stop()
        report.abandoned = !client.destroy(limit: .seconds(2))
        return report
    }

    deinit {
        // The poll thread must leave librdkafka before the client's deinit destroys the handle.
        pollThread.stop()
    }
}

/// Boxes a delivery handler so it can travel through librdkafka as the message opaque.
private final class DeliveryBox {
    let handler: DeliveryHandler
    init(_ handler: @escaping DeliveryHandler) { self.handler = handler }
}

/// Calls `body` with the bytes of `bytes`, or nil.
private func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBytes { body($0) }
}

/// librdkafka's dr_msg_cb: runs on the poll thread, hands the report to the message's handler.
private func deliveryCallback(_ rk: OpaquePointer?, _ message: UnsafePointer<rd_kafka_message_t>?, _ opaque: UnsafeMutableRawPointer?) {
    guard let message, let boxPointer = message.pointee._private else { return }
    let box = Unmanaged<DeliveryBox>.fromOpaque(boxPointer).takeRetainedValue()
    let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
    if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
        box.handler(.success(DeliveryReport(topicPartition: TopicPartition(topic: topic, partition: message.pointee.partition), offset: message.pointee.offset)))
    } else {
        box.handler(.failure(KafkaError(message.pointee.err, context: "delivery to \(topic)")))
    }
}

/// The thread that serves a producer's delivery reports (rd_kafka_poll returns as soon as one arrives).
private final class PollThread: Sendable {
    private let running = Atomic<Bool>(true)
    private let stopped = DispatchSemaphore(value: 0)
    private let handle: SendablePointer

    init(client: KafkaClient) {
        let handle = SendablePointer(client.pointer)
        self.handle = handle
        let thread = Thread { [self] in
            while running.load(ordering: .acquiring) {
                rd_kafka_poll(handle.pointer, 100)
            }
            stopped.signal()
        }
        thread.name = "rdkafka-producer-poll"
        thread.start()
    }

    /// Stops polling and waits for the thread to leave librdkafka (woken at once by rd_kafka_yield).
    func stop() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        // rd_kafka_yield does not wake a blocked rd_kafka_poll; yielding its queue (the main queue) does.
        if let queue = rd_kafka_queue_get_main(handle.pointer) {
            rd_kafka_queue_yield(queue)
            rd_kafka_queue_destroy(queue)
        }
        stopped.wait()
    }
}
