import Foundation
import Testing
@testable import UVRCore

/// The webhook sender and HTTP client against a real HTTP server process.
@Suite struct WebhookDeliveryTests {
    let payload = WebhookPayload.succeeded(taskUUID: "task-42", vocalsURL: "file:///s/task-42/vocals.wav", instrumentalURL: "file:///s/task-42/instrumental.wav")
    let quickRetries = RetryPolicy(maxAttempts: 5, retryFor: 60, baseDelay: 0.01, maxDelay: 0.05)

    @Test func successPostsTheBodyWithTheContractHeaders() throws {
        let receiver = try WebhookReceiver()
        let sender = WebhookSender(policy: .anyHTTPHost, secret: nil, timeout: 5)
        #expect(try sender.send(payload, to: receiver.baseURL + "/hooks/uvr").get() == 200)

        let requests = try receiver.requests()
        try #require(requests.count == 1)
        let request = requests[0]
        #expect(request["method"] as? String == "POST")
        #expect(request["path"] as? String == "/hooks/uvr")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("Idempotency-Key") == "task-42")
        #expect(request.header("User-Agent") == "uvrctl/\(UVRVersion.string)")
        #expect(request.header("X-UVR-Signature") == nil)
        let body = try #require((request["body"] as? String).map { Data($0.utf8) })
        #expect(body == payload.body())
    }

    @Test func threeServiceUnavailableThenSuccessIsFourRequestsWithOneKey() throws {
        let receiver = try WebhookReceiver()
        try receiver.failNext(3, status: 503)
        let sender = WebhookSender(policy: .anyHTTPHost, secret: nil, timeout: 5)
        var retried: [String] = []
        let outcome = Retrier(policy: quickRetries, sleeper: InterruptibleSleep()).run(onRetry: { failure, _, _ in retried.append(failure.reason) }) { _ in
            sender.send(payload, to: receiver.baseURL + "/hook")
        }
        guard case .succeeded(200, let attempts) = outcome else { Issue.record("\(outcome)"); return }
        #expect(attempts == 4)
        #expect(retried.count == 3 && retried.allSatisfy { $0.contains("503") })
        let requests = try receiver.requests()
        #expect(requests.map { $0["answered"] as? Int } == [503, 503, 503, 200])
        #expect(Set(requests.compactMap { $0.header("Idempotency-Key") }) == ["task-42"])
    }

    @Test func notFoundIsPermanentAfterOneRequest() throws {
        let receiver = try WebhookReceiver()
        try receiver.failNext(1, status: 404)
        let sender = WebhookSender(policy: .anyHTTPHost, secret: nil, timeout: 5)
        let outcome = Retrier(policy: quickRetries, sleeper: InterruptibleSleep()).run { _ in sender.send(payload, to: receiver.baseURL + "/hook") }
        guard case .failed(let failure, 1) = outcome else { Issue.record("\(outcome)"); return }
        #expect(failure.kind == .permanent && failure.reason.contains("404"))
        #expect(try receiver.requests().count == 1)
    }

    @Test func retryAfterSecondsAndDatesAreParsedFromTheResponse() throws {
        let receiver = try WebhookReceiver()
        let sender = WebhookSender(policy: .anyHTTPHost, secret: nil, timeout: 5)
        try receiver.failNext(1, status: 429, retryAfter: "7")
        #expect(sender.send(payload, to: receiver.baseURL + "/h").failureKind == .retryable(retryAfter: 7))

        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        try receiver.failNext(1, status: 503, retryAfter: formatter.string(from: Date(timeIntervalSinceNow: 120)))
        guard case .retryable(let delay?) = sender.send(payload, to: receiver.baseURL + "/h").failureKind else {
            Issue.record("no Retry-After delay parsed from an HTTP-date")
            return
        }
        #expect(delay > 100 && delay <= 120)
    }

    @Test func retryAfterIsHonouredByTheRetrier() throws {
        let receiver = try WebhookReceiver()
        try receiver.failNext(1, status: 503, retryAfter: "1")
        let sender = WebhookSender(policy: .anyHTTPHost, secret: nil, timeout: 5)
        var waits: [TimeInterval] = []
        let outcome = Retrier(policy: quickRetries, sleeper: InterruptibleSleep()).run(onRetry: { _, _, delay in waits.append(delay) }) { _ in
            sender.send(payload, to: receiver.baseURL + "/h")
        }
        guard case .succeeded(_, 2) = outcome else { Issue.record("\(outcome)"); return }
        #expect(waits == [1], "the server's Retry-After replaces the 50 ms jitter ceiling")
        let times = try receiver.requests().compactMap { $0["time"] as? Double }
        #expect(times.count == 2 && times[1] - times[0] >= 0.9)
    }

    @Test func signatureVerifiesWithAnIndependentHMAC() throws {
        let receiver = try WebhookReceiver(secret: "hunter2-secret")
        let sender = WebhookSender(policy: .anyHTTPHost, secret: "hunter2-secret", timeout: 5)
        #expect(try sender.send(payload, to: receiver.baseURL + "/signed").get() == 200)
        let wrong = WebhookSender(policy: .anyHTTPHost, secret: "other", timeout: 5)
        #expect(try wrong.send(payload, to: receiver.baseURL + "/signed").get() == 200)
        let verdicts = try receiver.requests().map { $0["signature_ok"] as? Bool }
        #expect(verdicts == [true, false], "Python's hmac accepts our signature and rejects a wrong key's")
    }

    @Test func disallowedSchemesAndHostsAreRefusedWithoutARequest() throws {
        let receiver = try WebhookReceiver()
        let open = WebhookSender(policy: .anyHTTPHost, secret: nil, timeout: 5)
        for url in ["file:///etc/passwd", "gopher://127.0.0.1:\(receiver.port)/", "ftp://127.0.0.1:\(receiver.port)/x", "dict://127.0.0.1:\(receiver.port)/"] {
            #expect(open.send(payload, to: url).failureKind == .permanent, "\(url)")
        }
        let restricted = WebhookSender(policy: try URLPolicy(allowHosts: "hooks.example.com,*.example.org"), secret: nil, timeout: 5)
        #expect(restricted.send(payload, to: receiver.baseURL + "/h").failureKind == .permanent)
        let local = WebhookSender(policy: try URLPolicy(allowHosts: "127.0.0.1"), secret: nil, timeout: 5)
        #expect(try local.send(payload, to: receiver.baseURL + "/h").get() == 200)
        #expect(try receiver.requests().count == 1, "only the allowed request reached the server")
    }

    @Test func redirectsAreNotFollowed() throws {
        let receiver = try WebhookReceiver()
        try receiver.failNext(1, status: 302)
        let sender = WebhookSender(policy: .anyHTTPHost, secret: nil, timeout: 5)
        #expect(sender.send(payload, to: receiver.baseURL + "/moved").failureKind == .permanent)
        #expect(try receiver.requests().count == 1)
    }

    @Test func connectionRefusedAndTimeoutAreRetryable() throws {
        let receiver = try WebhookReceiver()
        let port = receiver.port
        try receiver.sleepNext(1, seconds: 3)
        let sender = WebhookSender(policy: .anyHTTPHost, secret: nil, timeout: 0.5)
        #expect(sender.send(payload, to: receiver.baseURL + "/slow").failureKind == .retryable(retryAfter: nil))
        receiver.stop()
        #expect(sender.send(payload, to: "http://127.0.0.1:\(port)/gone").failureKind == .retryable(retryAfter: nil))
    }

    @Test func interruptAbortsATransferInFlight() throws {
        let receiver = try WebhookReceiver()
        try receiver.sleepNext(1, seconds: 20)
        let sender = WebhookSender(policy: .anyHTTPHost, secret: nil, timeout: 30)
        let shutdown = InterruptibleSleep()
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.3)
            shutdown.interrupt()
        }
        let started = ContinuousClock.now
        #expect(sender.send(payload, to: receiver.baseURL + "/slow", interrupt: shutdown).failureKind == .cancelled)
        // Functional bound, not a benchmark: the 20 s answer was not waited for.
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}

extension Result where Failure == DeliveryFailure {
    /// The failure's kind, or nil on success.
    var failureKind: DeliveryFailure.Kind? {
        if case .failure(let failure) = self { return failure.kind }
        return nil
    }
}
