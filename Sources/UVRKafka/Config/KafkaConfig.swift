internal import CRdKafka

/// Receives librdkafka's log lines: syslog level (0 emergency … 7 debug), facility, message.
/// Called from librdkafka's internal threads; it must be quick and thread-safe.
public typealias KafkaLogHandler = @Sendable (_ level: Int, _ facility: String, _ message: String) -> Void

/// Receives librdkafka's statistics JSON (every `statistics.interval.ms`). For a consumer it is
/// called on the thread that polls it, during `poll`; it must be quick.
public typealias KafkaStatisticsHandler = @Sendable (_ json: String) -> Void

/// librdkafka properties (`bootstrap.servers`, `-X key=value` passthrough…) and the log hook.
public struct KafkaConfig: Sendable {
    /// The librdkafka properties; applied after a client's own defaults, so they override them.
    public var properties: [String: String]
    /// Where librdkafka's log lines go; nil drops them. librdkafka never writes to stderr itself.
    public var logHandler: KafkaLogHandler?
    /// Where librdkafka's statistics go (set `statistics.interval.ms` too); nil: none.
    public var statisticsHandler: KafkaStatisticsHandler?

    /// Creates a configuration for `bootstrapServers` plus any extra properties (e.g. from `-X`).
    public init(bootstrapServers: String, properties: [String: String] = [:], logHandler: KafkaLogHandler? = nil) {
        var all = properties
        all["bootstrap.servers"] = bootstrapServers
        self.properties = all
        self.logHandler = logHandler
    }

    /// Reads or sets one property.
    public subscript(key: String) -> String? {
        get { properties[key] }
        set { properties[key] = newValue }
    }

    /// Whether a property's value is a secret: its key contains password, secret or key.
    public static func isSecret(key: String) -> Bool {
        let lower = key.lowercased()
        return ["password", "secret", "key"].contains { lower.contains($0) }
    }

    /// The properties as sorted `key=value` pairs with secret values masked as `***`.
    public var redacted: String {
        properties.keys.sorted().map { key in
            "\(key)=\(Self.isSecret(key: key) ? "***" : properties[key] ?? "")"
        }.joined(separator: ", ")
    }

    /// Checks every property against librdkafka without connecting anywhere.
    /// Throws a `.configuration` error naming the first unknown or invalid property.
    public func validate() throws(KafkaError) {
        let conf = try makeConf(defaults: [:], callbacks: nil)
        rd_kafka_conf_destroy(conf)
    }

    /// Builds an rd_kafka_conf_t: `defaults`, then `properties`, then the callbacks' hooks.
    /// The caller owns the result (rd_kafka_new takes it over on success).
    func makeConf(defaults: [String: String], callbacks: ClientCallbacks?) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(code: .configuration, name: "_CONF", message: "librdkafka could not allocate a configuration")
        }
        // Routes librdkafka's own logging through us from the start, never to stderr.
        rd_kafka_conf_set_log_cb(conf, logCallback)
        var merged = defaults
        merged.merge(properties) { _, user in user }
        for key in merged.keys.sorted() {
            do throws(KafkaError) {
                try Self.set(key, merged[key] ?? "", on: conf)
            } catch {
                rd_kafka_conf_destroy(conf)
                throw error
            }
        }
        if let callbacks {
            rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(callbacks).toOpaque())
            rd_kafka_conf_set_error_cb(conf, errorCallback)
            if callbacks.statisticsHandler != nil { rd_kafka_conf_set_stats_cb(conf, statisticsCallback) }
        }
        return conf
    }

    /// Sets one property, mapping librdkafka's refusal to a configuration error that names it.
    private static func set(_ key: String, _ value: String, on conf: OpaquePointer) throws(KafkaError) {
        var errstr = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(conf, key, value, &errstr, errstr.count)
        guard result != RD_KAFKA_CONF_OK else { return }
        var reason = String(decoding: errstr.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if isSecret(key: key), !value.isEmpty {
            reason = reason.replacingAll(value, with: "***")
        }
        let what = result == RD_KAFKA_CONF_UNKNOWN ? "unknown librdkafka property" : "invalid value for librdkafka property"
        throw KafkaError(code: .configuration, name: result == RD_KAFKA_CONF_UNKNOWN ? "_UNKNOWN_PROPERTY" : "_INVALID_ARG",
                         message: "\(what) '\(key)': \(reason)")
    }
}

extension String {
    /// Replaces every occurrence of `target` (non-empty) without Foundation.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

/// librdkafka's log_cb: forwards to the handle's ClientCallbacks (found through the opaque).
private func logCallback(_ rk: OpaquePointer?, _ level: Int32, _ facility: UnsafePointer<CChar>?, _ message: UnsafePointer<CChar>?) {
    guard let rk, let opaque = rd_kafka_opaque(rk) else { return }
    let callbacks = Unmanaged<ClientCallbacks>.fromOpaque(opaque).takeUnretainedValue()
    guard let handler = callbacks.logHandler else { return }
    handler(Int(level), facility.map { String(cString: $0) } ?? "", message.map { String(cString: $0) } ?? "")
}

/// librdkafka's error_cb: remembers the last client-level error (used to classify timeouts).
private func errorCallback(_ rk: OpaquePointer?, _ err: Int32, _ reason: UnsafePointer<CChar>?, _ opaque: UnsafeMutableRawPointer?) {
    guard let opaque else { return }
    let callbacks = Unmanaged<ClientCallbacks>.fromOpaque(opaque).takeUnretainedValue()
    callbacks.recordClientError(KafkaError(rd_kafka_resp_err_t(err), detail: reason.map { String(cString: $0) }))
}

/// librdkafka's stats_cb: hands the JSON to the handle's statistics handler; librdkafka frees it (returns 0).
private func statisticsCallback(_ rk: OpaquePointer?, _ json: UnsafeMutablePointer<CChar>?, _ length: Int, _ opaque: UnsafeMutableRawPointer?) -> Int32 {
    guard let opaque, let json else { return 0 }
    let callbacks = Unmanaged<ClientCallbacks>.fromOpaque(opaque).takeUnretainedValue()
    let text = String(decoding: UnsafeRawBufferPointer(start: json, count: length), as: UTF8.self)
    callbacks.statisticsHandler?(text)
    return 0
}
