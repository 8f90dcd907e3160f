import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import TestSupport
@testable import UVRCore

@Suite struct LoggerTests {
    private func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func humanLineHasTimeLevelMessageAndFields() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("uvrctl.log")
        let logger = Logger(destination: try .file(path))
        logger.info(ContractLogLine.receivedTask("3f1c"), [.taskUUID("3f1c"), .partition(Int32(2)), .offset(Int64(41)),
                                                           LogField("path", "/in/a b.mp3")])
        let line = try #require(try lines(path).first)
        let pattern = #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z INFO  Received task: 3f1c task_uuid=3f1c partition=2 offset=41 path="\/in\/a b.mp3"$/#
        #expect(line.wholeMatch(of: pattern) != nil, "\(line)")
    }

    @Test func jsonLinesParseWithStableKeys() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("uvrctl.json.log")
        let logger = Logger(level: .debug, format: .json, role: "processor", destination: try .file(path))
        logger.warn("quote \" backslash \\ newline \n tab \t end", [.taskUUID("t-1"), .offset(7), LogField("ok", true), LogField("msg", "field")])
        logger.debug(ContractLogLine.kafkaConsumerClosed)
        let parsed = try lines(path).map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(parsed.count == 2)
        let first = try #require(parsed.first)
        #expect(first["level"] as? String == "warn")
        #expect(first["msg"] as? String == "quote \" backslash \\ newline \n tab \t end")
        #expect(first["role"] as? String == "processor")
        #expect(first["task_uuid"] as? String == "t-1")
        #expect(first["offset"] as? Int == 7)
        #expect(first["ok"] as? Bool == true)
        #expect(first["field_msg"] as? String == "field")
        #expect((first["ts"] as? String)?.hasSuffix("Z") == true)
        #expect(parsed.last?["msg"] as? String == "Kafka consumer closed")
        let keyOrder = try #require(try lines(path).first).split(separator: ",").prefix(4).map { $0.split(separator: ":").first.map(String.init) }
        #expect(keyOrder == ["{\"ts\"", "\"level\"", "\"msg\"", "\"role\""])
    }

    @Test func levelsFilter() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("levels.log")
        let logger = Logger(level: .warn, destination: try .file(path))
        logger.debug("d")
        logger.info("i")
        logger.warn("w")
        logger.error("e")
        #expect(try lines(path).map { $0.split(separator: " ", maxSplits: 2).dropFirst().map(String.init) } == [["WARN", " w"], ["ERROR", "e"]])
        #expect(LogLevel(name: "WARNING") == .warn && LogLevel(name: "loud") == nil)
        #expect(LogLevel.error < LogLevel.debug)
    }

    @Test func humanMessagesStayOnOneLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("oneline.log")
        Logger(destination: try .file(path)).error("bad task\nReceived task: forged", [LogField("raw", "a\nb")])
        let all = try lines(path)
        #expect(all.count == 1)
        #expect(all.first?.hasSuffix("bad task\\nReceived task: forged raw=\"a\\nb\"") == true)
    }

    @Test func reopenAfterRenameWritesToTheNewFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("uvrctl.log")
        let rotated = directory.file("uvrctl.log.1")
        let logger = Logger(destination: try .file(path))
        logger.info("before rotation")
        #expect(rename(path, rotated) == 0)
        logger.info("still the old file")
        try logger.reopen()
        logger.info("after rotation")
        #expect(try lines(rotated).map { $0.hasSuffix("before rotation") || $0.hasSuffix("still the old file") } == [true, true])
        #expect(try lines(path).count == 1)
        #expect(try lines(path).first?.hasSuffix("INFO  after rotation") == true)
    }

    @Test func appendsToAnExistingFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("existing.log")
        try "earlier line\n".write(toFile: path, atomically: false, encoding: .utf8)
        Logger(destination: try .file(path)).info("new line")
        #expect(try lines(path).count == 2 && lines(path).first == "earlier line")
    }

    @Test func unopenableLogFileIsAClearError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("missing-dir/uvrctl.log")
        #expect(throws: LifecycleError.system("cannot open the log file \(path)", errno: ENOENT)) { _ = try LogDestination.file(path) }
    }

    @Test func concurrentLinesNeverInterleave() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("concurrent.log")
        let logger = Logger(format: .json, destination: try .file(path))
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for index in 0..<200 { logger.info(String(repeating: "x", count: 300), [LogField("writer", .integer(writer)), LogField("i", .integer(index))]) }
                }
            }
        }
        let all = try lines(path)
        #expect(all.count == 1600)
        #expect(all.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
    }

    @Test func coloursOnlyWhenAsked() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("colour.log")
        let destination = try LogDestination.file(path)
        #expect(!destination.isTerminal)
        Logger(destination: destination).error("auto: a file is not a terminal")
        Logger(destination: destination, colours: true).error("forced")
        Logger(format: .json, destination: destination, colours: true).error("json never")
        let all = try lines(path)
        #expect(!all[0].contains("\u{1B}["))
        #expect(all[1].contains("\u{1B}[31mERROR\u{1B}[0m forced"))
        #expect(!all[2].contains("\u{1B}["))
    }

    @Test func noColorDisablesColoursOnATerminal() throws {
        var controller: Int32 = -1
        var terminal: Int32 = -1
        guard openpty(&controller, &terminal, nil, nil, nil) == 0 else { Issue.record("openpty failed"); return }
        defer { close(controller) }
        let path = "/proc/self/fd/\(terminal)"
        let destination = try LogDestination.file(path)
        close(terminal)
        #expect(destination.isTerminal)
        let coloured = Logger(destination: destination, environment: [:])
        let plain = Logger(destination: destination, environment: ["NO_COLOR": "1"])
        coloured.info("c")
        plain.info("p")
        // The two lines may arrive in separate reads: read until the second one is there.
        var output = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        var descriptor = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
        while !output.contains(" p"), poll(&descriptor, 1, 5_000) == 1 {
            let count = read(controller, &buffer, buffer.count)
            guard count > 0 else { break }
            output += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        #expect(output.contains("\u{1B}[32mINFO \u{1B}[0m c"))
        #expect(output.contains("INFO  p"))
    }

    @Test func withFieldsAddsThemToEveryLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("fields.log")
        let taskLogger = Logger(destination: try .file(path)).with([.taskUUID("abc"), .partition(1)])
        taskLogger.info("step", [.offset(9)])
        #expect(try lines(path).first?.hasSuffix("step task_uuid=abc partition=1 offset=9") == true)
    }

    @Test func secretsNeverAppear() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("secrets.log")
        let logger = Logger(format: .json, destination: try .file(path), redactor: Redactor(secrets: ["hunter2-secret"]))
        logger.info("connecting with hunter2-secret to https://bob:pa55word@hooks.example/x",
                    [LogField("sasl.password", "plain"), LogField("url", "https://u:tok3n@h/p"), LogField("note", "hunter2-secret!")])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for secret in ["hunter2-secret", "pa55word", "plain", "tok3n"] { #expect(!text.contains(secret), "\(secret) leaked") }
        #expect(text.contains("https://bob:[REDACTED]@hooks.example/x"))
        #expect(Redactor.value("x", forKey: "ssl.key.password") == "[REDACTED]")
        #expect(Redactor.value("localhost:9092", forKey: "bootstrap.servers") == "localhost:9092")
    }
}
