import Foundation
import TestSupport
@testable import UVRCore

/// Tests/Fixtures/webhook_receiver.py run as a real child process: started on an ephemeral port,
/// read back through its JSON-lines request log, terminated in deinit.
final class WebhookReceiver {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let process = Process()
    let directory: TemporaryDirectory
    let port: Int
    var logPath: String { directory.path + "/requests.jsonl" }
    var uploadDirectory: String { directory.path + "/uploads" }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts the receiver and waits (up to 10 s) for its `PORT <n>` line.
    init(secret: String? = nil, arguments: [String] = []) throws {
        directory = try TemporaryDirectory()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/webhook_receiver.py").path
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var all = ["python3", script, "--log", directory.path + "/requests.jsonl", "--upload-dir", directory.path + "/uploads"]
        if let secret { all += ["--secret", secret] }
        process.arguments = all + arguments
        process.standardOutput = output
        try process.run()
        let reader = output.fileHandleForReading
        var buffer = Data()
        let deadline = Date(timeIntervalSinceNow: 10)
        while !buffer.contains(UInt8(ascii: "\n")) && Date() < deadline {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
        }
        let line = String(decoding: buffer, as: UTF8.self).split(separator: "\n").first ?? ""
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
            process.terminate()
            throw Failure(description: "webhook receiver did not print its port (got \(line.debugDescription))")
        }
        self.port = port
    }

    deinit { stop() }

    /// Stops the receiver: SIGTERM, then SIGKILL if it is still alive after two seconds.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date(timeIntervalSinceNow: 2)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

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
    func requests() throws -> [[String: Any]] {
        guard FileManager.default.fileExists(atPath: logPath) else { return [] }
        let text = try String(contentsOfFile: logPath, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw Failure(description: "log line is not an object: \(line)")
            }
            return object
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    /// A recorded request header (names are lower-cased by the receiver).
    func header(_ name: String) -> String? {
        (self["headers"] as? [String: Any])?[name.lowercased()] as? String
    }
}
