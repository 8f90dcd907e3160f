import Foundation

/// Settings of `uvrctl run-uploader`.
public struct RunUploaderSettings: CommandSettings {
    public var kafka: KafkaConnectionSettings
    /// PID directory, concurrency, drain timeout, metrics.
    public var runtime: RoleRuntimeSettings
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

    public init(resolving resolver: SettingsResolver) throws(CLIError) {
        kafka = try KafkaConnectionSettings(resolving: resolver)
        runtime = try RoleRuntimeSettings(resolving: resolver)
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
    }
}
