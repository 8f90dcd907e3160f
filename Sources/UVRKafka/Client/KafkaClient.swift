internal import CRdKafka
import Synchronization

/// Owns one rd_kafka_t and destroys it exactly once: in `destroy(limit:)`, or in deinit.
final class KafkaClient: @unchecked Sendable {
    // @unchecked: `pointer` is an immutable C handle; librdkafka's rd_kafka_t is thread-safe
    // for the calls we make on it, and `state` is guarded by a Mutex.

    /// The C handle; valid until destroy.
    let pointer: OpaquePointer
    /// The callbacks' state, reached from C via rd_kafka_opaque.
    let callbacks: ClientCallbacks
    /// The bootstrap list it was created with, for error messages.
    let bootstrapServers: String
    private let state = Mutex<State>(.open)
    /// Set when a bounded call overran: that call may still use the handle, so it is never destroyed.
    private let pinned = Atomic<Bool>(false)

    private enum State { case open, destroyed, abandoned }

    /// Creates the handle; takes over `conf` (destroyed here on failure).
    init(type: rd_kafka_type_t, conf: OpaquePointer, callbacks: ClientCallbacks, bootstrapServers: String) throws(KafkaError) {
        var errstr = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(type, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)
            let reason = String(decoding: errstr.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw KafkaError(code: .configuration, name: "_CREATE", message: "could not create a Kafka client: \(reason)")
        }
        self.pointer = handle
        self.callbacks = callbacks
        self.bootstrapServers = bootstrapServers
    }

    /// Builds a handle of `type` from `config` with the client's `defaults` under it.
    convenience init(type: rd_kafka_type_t, config: KafkaConfig, defaults: [String: String]) throws(KafkaError) {
        let callbacks = ClientCallbacks(logHandler: config.logHandler, statisticsHandler: config.statisticsHandler)
        let conf = try config.makeConf(defaults: defaults, callbacks: callbacks)
        try self.init(type: type, conf: conf, callbacks: callbacks, bootstrapServers: config["bootstrap.servers"] ?? "")
    }

    /// True once destroyed or abandoned: the pointer must not be used any more.
    var isClosed: Bool { state.withLock { $0 != .open } }

    /// Destroys the handle on a watchdog thread; returns false when that did not finish within
    /// `limit`, in which case the handle (and its callbacks) are abandoned, never touched again.
    @discardableResult
    func destroy(limit: Duration) -> Bool {
        let shouldDestroy = state.withLock { current -> Bool in
            guard current == .open else { return false }
            current = .destroyed
            return true
        }
        guard shouldDestroy else { return state.withLock { $0 } == .destroyed }
        if pinned.load(ordering: .acquiring) {
            state.withLock { $0 = .abandoned }
            _ = Unmanaged.passRetained(callbacks)
            return false
        }
        let handle = SendablePointer(pointer)
        let finished = Watchdog.run(limit: limit, name: "rdkafka-destroy") { rd_kafka_destroy(handle.pointer) } != nil
        if !finished {
            state.withLock { $0 = .abandoned }
            // librdkafka's threads may still call back into the callbacks: keep them alive forever.
            _ = Unmanaged.passRetained(callbacks)
        }
        return finished
    }

    /// Runs a blocking librdkafka call on a watchdog thread, bounded by `limit`. When the call
    /// overruns (librdkafka 2.0.2 does not always honour its own timeouts, e.g. with a broker
    /// down), this throws `.timedOut` and pins the handle: it stays usable but is never destroyed.
    func bounded<T: Sendable>(_ what: String, limit: Duration,
                              _ body: @escaping @Sendable (OpaquePointer) throws(KafkaError) -> T) throws(KafkaError) -> T {
        let handle = SendablePointer(pointer)
        let outcome = Watchdog.run(limit: limit, name: "rdkafka-query") { [self] () -> Result<T, KafkaError> in
            withExtendedLifetime(self) {
                do throws(KafkaError) { return .success(try body(handle.pointer)) } catch { return .failure(error) }
            }
        }
        guard let outcome else {
            pinned.store(true, ordering: .releasing)
            throw KafkaError.timedOut(what)
        }
        return try outcome.get()
    }

    /// Abandons the handle without destroying it (for handles known to hang in destroy).
    func abandon() {
        let wasOpen = state.withLock { current -> Bool in
            defer { current = .abandoned }
            return current == .open
        }
        if wasOpen { _ = Unmanaged.passRetained(callbacks) }
    }

    deinit {
        if state.withLock({ $0 }) == .open {
            destroy(limit: .seconds(10))
        }
    }
}

/// A C pointer that may cross to a watchdog thread (the handle is thread-safe).
struct SendablePointer: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}
