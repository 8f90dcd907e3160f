import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Every error_code from crafted bad messages, on the real binary: each gets a failure result
/// naming the problem, each offset is committed, and the processor keeps running.
@Suite struct ProcessorBadTaskTests {
    @Test func everyErrorCodeIsAResultAndTheProcessorGoesOn() async throws {
        let scene = try ProcessorScene()
        // A stand-in external separator: copies the input to both stems; fails on "fail" inputs.
        let script = try scene.directory.write("separate.sh", """
            case "$1" in *fail*) echo "model exploded on $1" >&2; exit 3;; esac
            cp "$1" "$2" && cp "$1" "$3"
            """)
        let processor = try await scene.startJoinedProcessor(
            ["--delete-input", "--separator", "command", "--separator-command", "/bin/sh \(script) {input} {vocals} {instrumental}"],
            separator: nil)

        // An outside file reachable through a symlink in the input directory: must stay untouched.
        let outside = scene.directory.file("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let secret = (outside as NSString).appendingPathComponent("secret.wav")
        try FileManager.default.copyItem(atPath: try scene.song("to-copy.wav"), toPath: secret)
        let secretBytes = try Data(contentsOf: URL(fileURLWithPath: secret))
        try FileManager.default.createSymbolicLink(atPath: scene.directory.file("in/link.wav"), withDestinationPath: secret)
        let corrupt = try scene.directory.write("in/corrupt.wav", "RIFF garbage, not audio at all")
        let failing = try scene.song("fail.wav")
        let outputBlocked = newTaskUUID()
        try FileManager.default.createDirectory(atPath: scene.directory.file("out/\(outputBlocked)_vocals.wav"), withIntermediateDirectories: true)

        let input = scene.inputDirectory
        let hook = #""hook_url":"http://127.0.0.1:9/hook""#
        let cases: [(key: String, value: String, expectedUUID: String, code: String)] = [
            ("bad-notjson", "this is not JSON {", "bad-notjson", "invalid_task"),
            ("bad-missing", #"{"task_uuid":"missing-hook","audio_path":"\#(input)/to-copy.wav"}"#, "missing-hook", "invalid_task"),
            ("bad-uuid", #"{"task_uuid":"a b/c","audio_path":"\#(input)/to-copy.wav",\#(hook)}"#, "bad-uuid", "invalid_task"),
            ("notfound", #"{"task_uuid":"notfound","audio_path":"\#(input)/missing.wav",\#(hook)}"#, "notfound", "audio_not_found"),
            ("dotdot", #"{"task_uuid":"dotdot","audio_path":"../../etc/passwd",\#(hook)}"#, "dotdot", "path_not_allowed"),
            ("deepdotdot", #"{"task_uuid":"deepdotdot","audio_path":"\#(input)/../../../../../../../../etc/passwd",\#(hook)}"#,
             "deepdotdot", "path_not_allowed"),
            ("symlink", #"{"task_uuid":"symlink","audio_path":"\#(input)/link.wav",\#(hook)}"#, "symlink", "path_not_allowed"),
            ("corrupt", #"{"task_uuid":"corrupt","audio_path":"\#(corrupt)",\#(hook)}"#, "corrupt", "unsupported_audio"),
            (outputBlocked, #"{"task_uuid":"\#(outputBlocked)","audio_path":"\#(input)/to-copy.wav",\#(hook)}"#, outputBlocked, "output_failed"),
            ("fails", #"{"task_uuid":"fails","audio_path":"\#(failing)",\#(hook)}"#, "fails", "separation_failed"),
        ]
        for item in cases { try await scene.sendRaw(key: item.key, value: item.value) }
        for item in cases {
            let results = try await scene.waitForResults(item.expectedUUID)
            #expect(results.count == 1, "\(item.key): \(results.map(\.json))")
            #expect(results.first?.success == false && results.first?.errorCode == item.code, "\(item.key): \(results.map(\.json))")
            #expect(results.first?.errorMessage?.isEmpty == false, "\(item.key): a message naming the problem")
        }
        #expect(scene.results(for: "fails").first?.errorMessage?.contains("model exploded") == true, "the tool's stderr is quoted")

        let good = newTaskUUID()
        let goodInput = try scene.song("good.wav")
        try await scene.sendTask(good, audioPath: goodInput)
        let goodResults = try await scene.waitForResults(good)
        #expect(goodResults.count == 1 && goodResults[0].success == true, "the processor still works after the bad tasks")
        try await scene.waitUntilAllCommitted()
        #expect(processor.child.isRunning)
        #expect(processor.count("Offset committed successfully") == cases.count + 1)

        #expect(try Data(contentsOf: URL(fileURLWithPath: secret)) == secretBytes, "the symlink's target is untouched")
        #expect(FileManager.default.fileExists(atPath: scene.directory.file("in/link.wav")), "a refused input is not deleted")
        #expect(FileManager.default.fileExists(atPath: corrupt) && FileManager.default.fileExists(atPath: failing),
                "--delete-input deletes only succeeded tasks' inputs")
        try await eventually("the succeeded task's input is deleted") { !FileManager.default.fileExists(atPath: goodInput) }
        let written = try FileManager.default.contentsOfDirectory(atPath: scene.outputDirectory).sorted()
        #expect(written == ["\(outputBlocked)_vocals.wav", "\(good)_instrumental.wav", "\(good)_vocals.wav"].sorted(),
                "no stem of a failed task, no leftover temporary file")

        processor.signal(SIGTERM)
        #expect(try await processor.exitStatus() == 0, "\(processor.log)")
        #expect(try await scene.resultCount() == Int64(cases.count + 1))
    }
}
