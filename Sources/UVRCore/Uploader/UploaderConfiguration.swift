import Foundation

/// How run-uploader delivers results: where stems go, which hooks may be called, how hard to retry.
public struct UploaderConfiguration: Sendable {
    /// `--upload-to`.
    public var destination: UploadDestination
    /// Which hook URLs may be called (`--allow-hosts`; only http and https in any case).
    public var hookPolicy: URLPolicy
    /// `--webhook-secret`: signs webhook bodies (X-UVR-Signature) when set; never logged.
    public var webhookSecret: String?
    /// `--request-timeout` of one HTTP request (a PUT or the webhook POST), in seconds.
    public var requestTimeout: TimeInterval
    /// `--max-attempts` and `--retry-for`, with the backoff's base and ceiling.
    public var retryPolicy: RetryPolicy
    /// `--dlq-topic`.
    public var deadLetterTopic: String
    /// `--keep-local`: keep the processor's stems after a successful delivery.
    public var keepLocal: Bool

    /// A configuration; the defaults of the last four are the command's.
    public init(destination: UploadDestination, hookPolicy: URLPolicy, webhookSecret: String?, requestTimeout: TimeInterval = 30,
                retryPolicy: RetryPolicy = RetryPolicy(maxAttempts: 8, retryFor: 300), deadLetterTopic: String = "uvr-results-dlq",
                keepLocal: Bool = false) {
        self.destination = destination
        self.hookPolicy = hookPolicy
        self.webhookSecret = webhookSecret
        self.requestTimeout = requestTimeout
        self.retryPolicy = retryPolicy
        self.deadLetterTopic = deadLetterTopic
        self.keepLocal = keepLocal
    }
}
