import Foundation

/// Tests/Fixtures/webhook_receiver.py as a real child process (spawned with `ChildProcess`, so
/// signals reach it): listening on an ephemeral port, its requests read back from its JSON-lines log.
public final class WebhookReceiverProcess {
    /// The receiver's process.
    public let child: ChildProcess
    /// Its port on 127.0.0.1.
    public let port: Int
    /// The JSON-lines request log.
    public let logPath: String
    /// Where PUT bodies are stored (by request path).
    public let uploadDirectory: String

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts the receiver with its files in `directory` (under `name`) and waits for its port;
    /// `arguments` are the fixture's options (`--secret`, `--fail-next`, `--fail-status`, `--retry-after`…).
    public init(in directory: TemporaryDirectory, name: String = "receiver", arguments: [String] = []) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/webhook_receiver.py").path
        logPath = directory.file("\(name).jsonl")
        uploadDirectory = directory.file("\(name)-uploads")
        let portFile = directory.file("\(name).port")
        child = try ChildProcess("/usr/bin/env", ["python3", script, "--log", logPath, "--upload-dir", uploadDirectory,
                                                  "--port-file", portFile] + arguments,
                                 environment: ["PATH": "/usr/bin:/bin:/usr/local/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "")],
                                 standardOutputFile: directory.file("\(name).out"), standardErrorFile: directory.file("\(name).err"))
        try waitUntil("the webhook receiver wrote its port") { Int(directory.contents("\(name).port")) != nil }
        port = Int(directory.contents("\(name).port"))!
    }

    deinit { child.finish() }

    /// Every recorded request, oldest first.
    public func requests() throws -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw TestSetupError(description: "receiver log line is not an object: \(line)")
            }
            return object
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    /// A recorded request header (names are lower-cased by the receiver).
    public func header(_ name: String) -> String? {
        (self["headers"] as? [String: Any])?[name.lowercased()] as? String
    }
}
