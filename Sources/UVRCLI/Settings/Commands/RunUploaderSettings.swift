import Foundation

/// Settings of `uvrctl run-uploader`.
public struct RunUploaderSettings: CommandSettings {
    public var kafka: KafkaConnectionSettings
    /// `--pid-dir`; the PID file is `uploader.pid` in it.
    public var pidDirectory: URL
    public var resultTopic: String
    /// `--uploader-group` / KAFKA_UPLOADER_GROUP_ID.
    public var uploaderGroup: String
    /// `--upload-to`: a file URL (a plain path is turned into one) or an http(s) base URL.
    public var uploadTo: URL
    /// `--webhook-secret` / UVRCTL_WEBHOOK_SECRET; never printed.
    public var webhookSecret: Secret?
    public var maxAttempts: Int
    public var retryFor: Duration
    public var requestTimeout: Duration
    public var deadLetterTopic: String
    /// `--allow-hosts`: exact host names or `*.suffix`; empty allows any host.
    public var allowedHosts: [String]
    public var keepLocal: Bool
    public var concurrency: Int
    public var drainTimeout: Duration
    public var metricsFile: URL?
    public var metricsInterval: Duration

    public init(resolving resolver: SettingsResolver) throws(CLIError) {
        kafka = try KafkaConnectionSettings(resolving: resolver)
        pidDirectory = try resolver.path("pid-dir")!
        resultTopic = try resolver.required("result-topic")
        uploaderGroup = try resolver.required("uploader-group")
        uploadTo = try resolver.url("upload-to")!
        webhookSecret = try resolver.string("webhook-secret").map(Secret.init)
        maxAttempts = try resolver.integer("max-attempts", in: 1...1000)!
        retryFor = try resolver.duration("retry-for")!
        requestTimeout = try resolver.duration("request-timeout")!
        deadLetterTopic = try resolver.required("dlq-topic")
        allowedHosts = try resolver.commaList("allow-hosts")
        keepLocal = resolver.flag("keep-local")
        concurrency = try resolver.integer("concurrency", in: 1...1024)!
        drainTimeout = try resolver.duration("drain-timeout")!
        metricsFile = try resolver.path("metrics-file")
        metricsInterval = try resolver.duration("metrics-interval")!
    }
}
