import Foundation
import TestSupport
@testable import UVRCore

/// Tests/Fixtures/webhook_receiver.py as a real child process (TestSupport's
/// `WebhookReceiverProcess`), told to fail through its `/_control` endpoint with uvrctl's own HTTP client.
final class WebhookReceiver {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let directory: TemporaryDirectory
    let process: WebhookReceiverProcess
    var port: Int { process.port }
    var uploadDirectory: String { process.uploadDirectory }
    var baseURL: String { process.baseURL }

    /// Starts the receiver and waits for its port.
    init(secret: String? = nil, arguments: [String] = []) throws {
        directory = try TemporaryDirectory()
        process = try WebhookReceiverProcess(in: directory, arguments: (secret.map { ["--secret", $0] } ?? []) + arguments)
    }

    /// Stops the receiver (SIGKILL) and reaps it.
    func stop() { process.child.finish() }

    /// Tells the receiver to answer the next `count` requests with `status` (and Retry-After).
    func failNext(_ count: Int, status: Int, retryAfter: String? = nil, sleep: Double? = nil) throws {
        var command: [String: Any] = ["fail_next": count, "status": status, "retry_after": retryAfter ?? NSNull()]
        if let sleep { command["sleep"] = sleep }
        try control(command)
    }

    /// Delays the next `count` requests by `seconds` without failing them.
    func sleepNext(_ count: Int, seconds: Double) throws {
        try control(["sleep_next": count, "sleep": seconds])
    }

    private func control(_ command: [String: Any]) throws {
        let body = try JSONSerialization.data(withJSONObject: command)
        let result = HTTPClient().perform(HTTPRequest(url: baseURL + "/_control", body: .post(body), timeout: 5), policy: .anyHTTPHost)
        guard case .success(204) = result else { throw Failure(description: "control request failed: \(result)") }
    }

    /// Every recorded request, oldest first.
    func requests() throws -> [[String: Any]] { try process.requests() }
}
