import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real `uvrctl run-uploader` against a real `uvrctl broker` and the webhook receiver fixture:
/// uploads, the webhook's body and headers, retries, dead letters, and SIGTERM during a backoff.
@Suite struct RunUploaderTests {
    /// Writes two stems of random bytes where the processor would have written them.
    private func writeStems(_ uuid: String, in scenario: UploaderScenario) throws -> (vocals: String, instrumental: String) {
        try FileManager.default.createDirectory(atPath: scenario.directory.file("out"), withIntermediateDirectories: true)
        let paths = (scenario.directory.file("out/\(uuid)_vocals.wav"), scenario.directory.file("out/\(uuid)_instrumental.wav"))
        for path in [paths.0, paths.1] {
            try Data((0..<200_000).map { _ in UInt8.random(in: 0...255) }).write(to: URL(fileURLWithPath: path))
        }
        return paths
    }

    private func body(of request: [String: Any]) throws -> [String: Any] {
        let text = try #require(request["body"] as? String)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func stopCleanly(_ uploader: ChildProcess, _ scenario: UploaderScenario, name: String = "uploader") {
        kill(uploader.pid, SIGTERM)
        #expect(uploader.exitCode == 0)
        #expect(scenario.directory.contents("\(name).err").contains("Uploader shutdown complete"))
    }

    @Test func fileUploadThenASignedWebhookWithTheFinalURLsThenTheLocalStemsAreDeleted() async throws {
        let secret = "correct-horse-battery-staple"
        let scenario = try UploaderScenario(receiverArguments: ["--secret", secret])
        let uuid = "3f1c9a2e-6b1d-4c1e-9a55-0d6f4a1b2c01"
        let stems = try writeStems(uuid, in: scenario)
        let original = try [stems.vocals, stems.instrumental].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        let uploader = try scenario.startUploader(environment: ["UVRCTL_WEBHOOK_SECRET": secret])
        try await scenario.sendResult(key: uuid, UploaderScenario.success(uuid, vocals: stems.vocals, instrumental: stems.instrumental,
                                                                          hook: scenario.hook("/hooks/uvr")))
        try waitUntil("the result is committed") { (try? scenario.committedTotal()) == 1 }

        let published = scenario.directory.file("published/\(uuid)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: published + "/vocals.wav")) == original[0])
        #expect(try Data(contentsOf: URL(fileURLWithPath: published + "/instrumental.wav")) == original[1])
        let requests = try scenario.receiver.requests()
        try #require(requests.count == 1)
        let request = requests[0]
        #expect(request["method"] as? String == "POST" && request["path"] as? String == "/hooks/uvr")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("Idempotency-Key") == uuid)
        #expect(request.header("User-Agent")?.hasPrefix("uvrctl/") == true)
        #expect(request.header("X-UVR-Signature")?.hasPrefix("sha256=") == true)
        #expect(request["signature_ok"] as? Bool == true, "the receiver's Python hmac verifies the signature")
        let body = try body(of: request)
        #expect(body["task_uuid"] as? String == uuid && body["success"] as? Bool == true)
        #expect(body["vocals_url"] as? String == "file://\(published)/vocals.wav")
        #expect(body["instrumental_url"] as? String == "file://\(published)/instrumental.wav")
        try waitUntil("the local stems are deleted after the commit") {
            !FileManager.default.fileExists(atPath: stems.vocals) && !FileManager.default.fileExists(atPath: stems.instrumental)
        }
        let log = scenario.directory.contents("uploader.err")
        #expect(log.contains("Received task: \(uuid)") && log.contains("[\(uuid)] Offset committed successfully"))
        #expect(!log.contains(secret), "the webhook secret is never logged")
        stopCleanly(uploader, scenario)
    }

    @Test func httpUploadPutsBothStemsThenTheWebhookCarriesTheirURLsAndKeepLocalKeepsThem() async throws {
        let scenario = try UploaderScenario()
        let uuid = "3f1c9a2e-6b1d-4c1e-9a55-0d6f4a1b2c02"
        let stems = try writeStems(uuid, in: scenario)
        let original = try [stems.vocals, stems.instrumental].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        let base = scenario.receiver.baseURL + "/store/"
        let uploader = try scenario.startUploader(["--upload-to", base, "--keep-local"])
        try await scenario.sendResult(key: uuid, UploaderScenario.success(uuid, vocals: stems.vocals, instrumental: stems.instrumental,
                                                                          hook: scenario.hook()))
        try waitUntil("the result is committed") { (try? scenario.committedTotal()) == 1 }

        let requests = try scenario.receiver.requests()
        #expect(requests.map { "\($0["method"] ?? "") \($0["path"] ?? "")" } == [
            "PUT /store/\(uuid)/vocals.wav", "PUT /store/\(uuid)/instrumental.wav", "POST /hook",
        ])
        let stored = scenario.receiver.uploadDirectory + "/store/\(uuid)"
        #expect(try Data(contentsOf: URL(fileURLWithPath: stored + "/vocals.wav")) == original[0])
        #expect(try Data(contentsOf: URL(fileURLWithPath: stored + "/instrumental.wav")) == original[1])
        #expect(requests.prefix(2).allSatisfy { $0.header("User-Agent")?.hasPrefix("uvrctl/") == true })
        let body = try body(of: try #require(requests.last))
        #expect(body["vocals_url"] as? String == base + "\(uuid)/vocals.wav")
        #expect(body["instrumental_url"] as? String == base + "\(uuid)/instrumental.wav")
        #expect(requests.last?.header("X-UVR-Signature") == nil, "no secret, no signature")
        stopCleanly(uploader, scenario)
        #expect(FileManager.default.fileExists(atPath: stems.vocals) && FileManager.default.fileExists(atPath: stems.instrumental))
    }

    @Test func threeServiceUnavailableThenOKIsFourRequestsWithOneKeyAndOneCommit() async throws {
        let scenario = try UploaderScenario(receiverArguments: ["--fail-next", "3", "--fail-status", "503"])
        let uuid = "3f1c9a2e-6b1d-4c1e-9a55-0d6f4a1b2c03"
        let uploader = try scenario.startUploader()
        try await scenario.sendResult(key: uuid, UploaderScenario.failure(uuid, hook: scenario.hook()))
        try waitUntil("the result is committed") { (try? scenario.committedTotal()) == 1 }

        let requests = try scenario.receiver.requests()
        #expect(requests.map { $0["answered"] as? Int } == [503, 503, 503, 200])
        #expect(requests.map { $0.header("Idempotency-Key") } == Array(repeating: uuid, count: 4))
        let body = try body(of: requests[3])
        #expect(body["success"] as? Bool == false && body["error_code"] as? String == "audio_not_found")
        #expect(body["error_message"] as? String == "no such file")
        let log = scenario.directory.contents("uploader.err")
        #expect(log.components(separatedBy: "[\(uuid)] Offset committed successfully").count == 2, "one commit")
        #expect(log.components(separatedBy: "answered HTTP 503; retrying in").count == 4)
        stopCleanly(uploader, scenario)
    }

    @Test func retryAfterIsHonoured() async throws {
        let scenario = try UploaderScenario(receiverArguments: ["--fail-next", "1", "--fail-status", "429", "--retry-after", "2"])
        let uuid = "3f1c9a2e-6b1d-4c1e-9a55-0d6f4a1b2c04"
        let uploader = try scenario.startUploader()
        try await scenario.sendResult(key: uuid, UploaderScenario.failure(uuid, hook: scenario.hook()))
        try waitUntil("the result is committed") { (try? scenario.committedTotal()) == 1 }

        let requests = try scenario.receiver.requests()
        try #require(requests.map { $0["answered"] as? Int } == [429, 200])
        let times = requests.compactMap { $0["time"] as? Double }
        // The first backoff's jitter is at most 0.5 s; the server asked for 2 s.
        #expect(times.count == 2 && times[1] - times[0] >= 1.95, "\(times)")
        #expect(scenario.directory.contents("uploader.err").contains("answered HTTP 429; retrying in 2.0 s"))
        stopCleanly(uploader, scenario)
    }

    @Test func permanentFailuresGoToTheDeadLetterTopicAndAreCommitted() async throws {
        let scenario = try UploaderScenario(receiverArguments: ["--fail-next", "1", "--fail-status", "404"])
        let uuids = (5...8).map { "3f1c9a2e-6b1d-4c1e-9a55-0d6f4a1b2c0\($0)" }
        let uploader = try scenario.startUploader()
        try await scenario.sendResult(key: uuids[0], UploaderScenario.failure(uuids[0], hook: scenario.hook("/gone")))
        try await scenario.sendResult(key: uuids[1], UploaderScenario.failure(uuids[1], hook: "file:///etc/passwd"))
        try await scenario.sendResult(key: uuids[2], UploaderScenario.failure(uuids[2], hook: "gopher://127.0.0.1:\(scenario.receiver.port)/x"))
        let missing = scenario.directory.file("out/\(uuids[3])_vocals.wav")
        try await scenario.sendResult(key: uuids[3], UploaderScenario.success(uuids[3], vocals: missing, instrumental: missing, hook: scenario.hook()))
        try await scenario.sendResult(key: "not-json-key", "this is not JSON")
        try waitUntil("all five results are committed") { (try? scenario.committedTotal()) == 5 }

        let letters = Dictionary(try scenario.deadLetters().map { ($0.key, $0.value) }) { first, _ in first }
        #expect(letters.count == 5)
        let notFound = try #require(letters[uuids[0]])
        #expect(notFound["stage"] as? String == "webhook" && notFound["failure"] as? String == "permanent")
        #expect(notFound["attempts"] as? Int == 1 && (notFound["reason"] as? String)?.contains("HTTP 404") == true)
        #expect((notFound["result"] as? [String: Any])?["task_uuid"] as? String == uuids[0])
        #expect((notFound["source"] as? [String: Any])?["topic"] as? String == "uvr-results")
        for (uuid, scheme) in [(uuids[1], "file:///etc/passwd"), (uuids[2], "gopher://")] {
            let refused = try #require(letters[uuid])
            #expect(refused["attempts"] as? Int == 0 && refused["failure"] as? String == "permanent")
            #expect((refused["reason"] as? String)?.contains(scheme) == true, "\(refused)")
        }
        let noStem = try #require(letters[uuids[3]])
        #expect(noStem["stage"] as? String == "upload" && (noStem["reason"] as? String)?.contains("missing on disk") == true)
        let malformed = try #require(letters["not-json-key"])
        #expect(malformed["stage"] as? String == "decode" && malformed["failure"] as? String == "malformed")
        #expect(malformed["result"] as? String == "this is not JSON")
        #expect(try scenario.receiver.requests().map { $0["path"] as? String } == ["/gone"], "refused URLs are never requested")
        stopCleanly(uploader, scenario)
    }

    @Test func sigtermDuringABackoffExitsAtOnceUncommittedAndTheNextUploaderDelivers() async throws {
        let scenario = try UploaderScenario(receiverArguments: ["--fail-next", "1", "--fail-status", "503", "--retry-after", "60"])
        let uuid = "3f1c9a2e-6b1d-4c1e-9a55-0d6f4a1b2c09"
        let first = try scenario.startUploader()
        try await scenario.sendResult(key: uuid, UploaderScenario.failure(uuid, hook: scenario.hook()))
        try waitUntil("the uploader waits 60 s before retrying") {
            scenario.directory.contents("uploader.err").contains("answered HTTP 503; retrying in 60.0 s")
        }
        let signalled = ContinuousClock.now
        kill(first.pid, SIGTERM)
        let status = first.exitCode
        let took = ContinuousClock.now - signalled
        #expect(took < .seconds(5), "the contract's bound for an interrupted backoff; took \(took)")
        #expect(status == 75, "a task was abandoned: it will be redelivered")
        let log = scenario.directory.contents("uploader.err")
        #expect(log.contains("[\(uuid)] Abandoned at shutdown; it will be redelivered"))
        #expect(!log.contains("[\(uuid)] Offset committed successfully"))
        #expect(try scenario.committedTotal() == 0)

        let second = try scenario.startUploader(name: "uploader2")
        try waitUntil("the next uploader delivered and committed it", timeout: 40) { (try? scenario.committedTotal()) == 1 }
        let requests = try scenario.receiver.requests()
        #expect(requests.map { $0["answered"] as? Int } == [503, 200])
        #expect(requests.map { $0.header("Idempotency-Key") } == [uuid, uuid])
        stopCleanly(second, scenario, name: "uploader2")
    }

    @Test func aResultWaitingToBeRetriedDoesNotHoldUpAnotherWithConcurrencyTwo() async throws {
        let scenario = try UploaderScenario(receiverArguments: ["--fail-next", "1", "--fail-status", "503", "--retry-after", "60"])
        let uuids = ["3f1c9a2e-6b1d-4c1e-9a55-0d6f4a1b2c10", "3f1c9a2e-6b1d-4c1e-9a55-0d6f4a1b2c11"]
        let uploader = try scenario.startUploader(["--concurrency", "2"])
        for uuid in uuids { try await scenario.sendResult(key: uuid, UploaderScenario.failure(uuid, hook: scenario.hook())) }
        // Whichever result asked first got the 503 and waits 60 s; the other is delivered meanwhile.
        try waitUntil("both results were sent, one delivered") { (try? scenario.receiver.requests().count) == 2 }
        let requests = try scenario.receiver.requests()
        #expect(requests.map { $0["answered"] as? Int } == [503, 200])
        #expect(Set(requests.compactMap { $0.header("Idempotency-Key") }) == Set(uuids))
        kill(uploader.pid, SIGTERM)
        #expect(uploader.exitCode == 75, "the waiting one is abandoned")
    }
}
