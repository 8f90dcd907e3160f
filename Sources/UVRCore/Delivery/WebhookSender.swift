import Foundation

/// Calls a task's hook_url once: POST of the `WebhookPayload` with `Content-Type:
/// application/json`, `Idempotency-Key: <task_uuid>`, `User-Agent: uvrctl/<version>` and, with a
/// secret, `X-UVR-Signature`. Retrying is the caller's (`Retrier`). Blocking, like `HTTPClient`.
public struct WebhookSender: Sendable, CustomStringConvertible {
    public let client: HTTPClient
    /// Hook URLs must pass this policy (`--allow-hosts`).
    public let policy: URLPolicy
    /// Per-request time limit in seconds.
    public let timeout: TimeInterval
    private let secret: String?

    public init(client: HTTPClient = HTTPClient(), policy: URLPolicy, secret: String?, timeout: TimeInterval) {
        self.client = client
        self.policy = policy
        self.secret = (secret?.isEmpty ?? true) ? nil : secret
        self.timeout = timeout
    }

    /// Never shows the secret.
    public var description: String {
        "WebhookSender(policy: \(policy), timeout: \(timeout)s, signed: \(secret != nil))"
    }

    /// The request that `send` performs.
    public func request(for payload: WebhookPayload, to hookURL: String) -> HTTPRequest {
        let body = payload.body()
        var headers = [
            HTTPHeader("Content-Type", "application/json"),
            HTTPHeader("Idempotency-Key", payload.taskUUID),
        ]
        if let secret {
            headers.append(HTTPHeader(WebhookSignature.headerName, WebhookSignature.value(for: body, secret: secret)))
        }
        return HTTPRequest(url: hookURL, body: .post(body), headers: headers, timeout: timeout)
    }

    /// One attempt: the 2xx status, or a classified failure.
    public func send(_ payload: WebhookPayload, to hookURL: String, interrupt: InterruptibleSleep? = nil) -> Result<Int, DeliveryFailure> {
        client.perform(request(for: payload, to: hookURL), policy: policy, interrupt: interrupt)
    }
}
