import Foundation
import Testing
@testable import UVRCore

@Suite struct URLPolicyTests {
    @Test(arguments: ["file:///etc/passwd", "gopher://example.com/", "ftp://example.com/x", "not a url", "", "http://", "javascript:alert(1)"])
    func onlyHTTPAndHTTPSAreAllowed(url: String) {
        guard case .failure(let failure) = URLPolicy.anyHTTPHost.check(url) else {
            Issue.record("\(url) accepted")
            return
        }
        #expect(failure.kind == .permanent)
    }

    @Test func httpAndHTTPSPass() {
        #expect((try? URLPolicy.anyHTTPHost.check("http://127.0.0.1:8080/h").get()) != nil)
        #expect((try? URLPolicy.anyHTTPHost.check("HTTPS://Example.com/h?q=1").get()) != nil)
    }

    @Test func allowlistMatchesExactAndSuffix() throws {
        let policy = try URLPolicy(allowHosts: "hooks.example.com, *.customer.io,127.0.0.1")
        #expect(policy.allows(host: "hooks.example.com"))
        #expect(policy.allows(host: "HOOKS.example.com."))
        #expect(!policy.allows(host: "evil-hooks.example.com"))
        #expect(!policy.allows(host: "example.com"))
        #expect(policy.allows(host: "a.customer.io"))
        #expect(policy.allows(host: "a.b.customer.io"))
        #expect(!policy.allows(host: "customer.io"))
        #expect(!policy.allows(host: "evilcustomer.io"))
        #expect(policy.allows(host: "127.0.0.1"))
        #expect((try? policy.check("http://127.0.0.1:9/x").get()) != nil)
        // The host is the one libcurl will connect to, userinfo tricks included.
        #expect((try? policy.check("http://hooks.example.com@evil.com/x").get()) == nil)
        #expect((try? policy.check("http://evil.com/hooks.example.com").get()) == nil)
    }

    @Test func emptyAllowlistAllowsAnyAndBadEntriesFail() throws {
        #expect(try URLPolicy(allowHosts: nil).allowedHosts == nil)
        #expect(try URLPolicy(allowHosts: " ").allowedHosts == nil)
        #expect(throws: DeliveryFailure.self) { try URLPolicy(allowHosts: "a.com,,b.com") }
        #expect(throws: DeliveryFailure.self) { try URLPolicy(allowHosts: "http://a.com") }
    }

    @Test func statusClassification() {
        func kind(_ status: Int, _ retryAfter: String? = nil) -> DeliveryFailure.Kind? {
            if case .failure(let failure) = HTTPClient.classify(status: status, retryAfter: retryAfter, url: "u") { return failure.kind }
            return nil
        }
        #expect(kind(200) == nil && kind(204) == nil)
        #expect(kind(503) == .retryable(retryAfter: nil))
        #expect(kind(500, "7") == .retryable(retryAfter: 7))
        #expect(kind(429, "2") == .retryable(retryAfter: 2))
        #expect(kind(408) == .retryable(retryAfter: nil))
        #expect(kind(404) == .permanent && kind(400) == .permanent && kind(410) == .permanent)
        #expect(kind(301) == .permanent && kind(307) == .permanent)
    }
}

@Suite struct WebhookSignatureTests {
    @Test func matchesRFC4231TestCase2() {
        // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?".
        #expect(WebhookSignature.value(for: Data("what do ya want for nothing?".utf8), secret: "Jefe")
                == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func payloadBodiesHaveTheDocumentedKeys() throws {
        let success = WebhookPayload.succeeded(taskUUID: "t1", vocalsURL: "https://s/t1/vocals.wav", instrumentalURL: "https://s/t1/instrumental.wav")
        #expect(try JSONSerialization.jsonObject(with: success.body()) as? NSDictionary
                == ["task_uuid": "t1", "success": true, "vocals_url": "https://s/t1/vocals.wav", "instrumental_url": "https://s/t1/instrumental.wav"])
        let failure = WebhookPayload.failed(taskUUID: "t2", failure: TaskFailure(.unsupportedAudio, "empty file"))
        #expect(try JSONSerialization.jsonObject(with: failure.body()) as? NSDictionary
                == ["task_uuid": "t2", "success": false, "error_code": "unsupported_audio", "error_message": "empty file"])
    }

    @Test func senderHeadersAndSecretNeverShown() {
        let sender = WebhookSender(policy: .anyHTTPHost, secret: "s3cret", timeout: 5)
        let request = sender.request(for: .failed(taskUUID: "t3", failure: TaskFailure(.outputFailed, "m")), to: "http://h/x")
        #expect(HTTPHeader.value(of: "content-type", in: request.headers) == "application/json")
        #expect(HTTPHeader.value(of: "Idempotency-Key", in: request.headers) == "t3")
        guard case .post(let body) = request.body else { Issue.record("not a POST"); return }
        #expect(HTTPHeader.value(of: "X-UVR-Signature", in: request.headers) == WebhookSignature.value(for: body, secret: "s3cret"))
        #expect(!"\(sender)".contains("s3cret"))
        let unsigned = WebhookSender(policy: .anyHTTPHost, secret: nil, timeout: 5).request(for: .failed(taskUUID: "t3", failure: TaskFailure(.outputFailed, "m")), to: "http://h/x")
        #expect(HTTPHeader.value(of: "X-UVR-Signature", in: unsigned.headers) == nil)
    }
}
