import Foundation
import Synchronization
import Testing
@testable import UVRAudio
@testable import UVRSeparation

@Suite struct CommandSeparatorTests {
    private static let rate = 16_000

    /// A stereo float WAV whose channels differ, so sox's `oops` (L − R) gives a known answer.
    private func makeInput(in directory: URL, seconds: Double = 1) throws -> (url: URL, samples: [Float]) {
        let left = Signals.melody(seconds: seconds, sampleRate: Self.rate, seed: 1, amplitude: 0.2)
        let right = Signals.melody(seconds: seconds, sampleRate: Self.rate, seed: 2, amplitude: 0.2)
        let samples = Signals.stereo(left: left, right: right)
        let url = directory.appendingPathComponent("song.wav")
        try Signals.writeFloatWAV(samples, to: url, sampleRate: Self.rate, channels: 2)
        return (url, samples)
    }

    private func request(_ input: URL, _ directory: URL, format: OutputFormat = .wav(.float)) -> SeparationRequest {
        SeparationRequest(input: input, vocalsOutput: directory.appendingPathComponent("vocals.\(format.fileExtension)"),
                          instrumentalOutput: directory.appendingPathComponent("instrumental.\(format.fileExtension)"),
                          format: format)
    }

    @Test func soxAsTheExternalToolWritesBothStems() throws {
        let directory = try Signals.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (input, samples) = try makeInput(in: directory)
        // The "model": vocals = sox oops (L − R on both channels), instrumental = sox remix (a copy).
        let template = try CommandTemplate(commandLine:
            #"sh -c 'sox "$1" "$2" oops && sox "$1" "$3" remix 1 2' tool {input} {vocals} {instrumental}"#)
        let report = try CommandSeparator(template: template)
            .separate(request(input, directory), progress: { _ in }, cancellation: CancellationFlag())
        #expect(report.sampleRate == Self.rate && report.channels == 2)
        #expect(abs(report.audioDurationSeconds - 1) < 1e-9)
        let vocals = try Signals.read(directory.appendingPathComponent("vocals.wav"))
        let instrumental = try Signals.read(directory.appendingPathComponent("instrumental.wav"))
        #expect(vocals.count == samples.count && instrumental.count == samples.count)
        var worstDifference: Float = 0
        for frame in 0..<(samples.count / 2) {
            let expected: Float = samples[2 * frame] - samples[2 * frame + 1]
            worstDifference = max(worstDifference, abs(vocals[2 * frame] - expected))
        }
        #expect(worstDifference < 1e-4)
        #expect((zip(instrumental, samples).map { abs($0 - $1) }.max() ?? 1) < 1e-4)
        // The scratch directory is gone; only the two stems and the input remain.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
                == ["instrumental.wav", "song.wav", "vocals.wav"])
    }

    @Test func stemsInOutdirAreFoundByNameAndReencoded() throws {
        let directory = try Signals.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (input, samples) = try makeInput(in: directory)
        let template = try CommandTemplate(arguments: ["sh", "-c",
            #"sox "$1" "$2/song_(Vocals)_model.wav" oops && sox "$1" "$2/song_(Instrumental)_model.wav" remix 1 2"#,
            "tool", "{input}", "{outdir}"])
        _ = try CommandSeparator(template: template)
            .separate(request(input, directory, format: .flac), progress: { _ in }, cancellation: CancellationFlag())
        let instrumental = try AudioFileReader(url: directory.appendingPathComponent("instrumental.flac"))
        #expect(instrumental.formatName.contains("FLAC"))
        #expect(instrumental.frameCount == samples.count / 2)
    }

    @Test func failingToolReportsItsStderrTail() throws {
        let directory = try Signals.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (input, _) = try makeInput(in: directory)
        let template = try CommandTemplate(commandLine: "sox {input} {vocals} nosucheffect {instrumental}")
        #expect {
            _ = try CommandSeparator(template: template)
                .separate(request(input, directory), progress: { _ in }, cancellation: CancellationFlag())
        } throws: { error in
            guard let error = error as? SeparationError else { return false }
            return error.code == .separationFailed && error.message.contains("exited with status")
                && error.message.contains("nosucheffect")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["song.wav"])
    }

    @Test func toolThatWritesOnlyOneStemFails() throws {
        let directory = try Signals.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (input, _) = try makeInput(in: directory)
        let template = try CommandTemplate(arguments: ["sh", "-c", #"sox "$1" "$2" oops"#, "tool", "{input}", "{vocals}", "{instrumental}"])
        #expect {
            _ = try CommandSeparator(template: template)
                .separate(request(input, directory), progress: { _ in }, cancellation: CancellationFlag())
        } throws: { error in
            guard let error = error as? SeparationError else { return false }
            return error.code == .separationFailed && error.message.contains("instrumental")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["song.wav"])
    }

    @Test func stemThatDoesNotDecodeFails() throws {
        let directory = try Signals.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (input, _) = try makeInput(in: directory)
        let template = try CommandTemplate(arguments: ["sh", "-c", #"echo garbage > "$2"; sox "$1" "$3" remix 1 2"#,
                                                       "tool", "{input}", "{vocals}", "{instrumental}"])
        #expect {
            _ = try CommandSeparator(template: template)
                .separate(request(input, directory), progress: { _ in }, cancellation: CancellationFlag())
        } throws: { error in
            guard let error = error as? SeparationError else { return false }
            return error.code == .separationFailed && error.message.contains("cannot be decoded")
        }
    }

    @Test func missingProgramAndBadInputAreReported() throws {
        let directory = try Signals.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (input, _) = try makeInput(in: directory)
        let missing = try CommandTemplate(commandLine: "no-such-separator-tool {input} {outdir}")
        #expect {
            _ = try CommandSeparator(template: missing).separate(request(input, directory), progress: { _ in }, cancellation: CancellationFlag())
        } throws: { ($0 as? SeparationError)?.code == .separationFailed && "\($0)".contains("no-such-separator-tool") }

        let corrupt = directory.appendingPathComponent("corrupt.wav")
        try Data("not audio".utf8).write(to: corrupt)
        let sox = try CommandTemplate(commandLine: "sox {input} {vocals} {instrumental}")
        #expect {
            _ = try CommandSeparator(template: sox).separate(request(corrupt, directory), progress: { _ in }, cancellation: CancellationFlag())
        } throws: { ($0 as? SeparationError)?.code == .unsupportedAudio }
    }

    @Test(arguments: [false, true])
    func cancelKillsTheWholeProcessGroup(toolIgnoresTerm: Bool) throws {
        let directory = try Signals.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (input, _) = try makeInput(in: directory)
        let pidFile = directory.appendingPathComponent("grandchild.pid")
        let ignore = toolIgnoresTerm ? "trap '' TERM; " : ""
        let template = try CommandTemplate(arguments: ["sh", "-c", ignore + #"sleep 60 & echo $! > "$1"; wait"#,
                                                       "tool", pidFile.path, "{input}", "{vocals}", "{instrumental}"])
        let separator = CommandSeparator(template: template, killAfter: .seconds(1))
        let flag = CancellationFlag()
        let outcome = Mutex<SeparationError?>(nil)
        let done = DispatchSemaphore(value: 0)
        let job = request(input, directory)
        Thread {
            do throws(SeparationError) {
                _ = try separator.separate(job, progress: { _ in }, cancellation: flag)
            } catch {
                outcome.withLock { $0 = error }
            }
            done.signal()
        }.start()
        var grandchild: pid_t = 0
        for _ in 0..<500 where grandchild == 0 {
            usleep(10_000)
            grandchild = pid_t((try? String(contentsOf: pidFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
        }
        #expect(grandchild > 0)
        flag.cancel()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(outcome.withLock { $0 }?.code == .cancelled)
        #expect(!isRunning(grandchild), "the tool's child \(grandchild) survived the cancel")
    }

    @Test func commandLinesSplitLikeAShellWithoutOne() throws {
        let template = try CommandTemplate(commandLine: #"tool --in {input} -o 'my dir/{outdir}' "a \"b\"" c\ d {vocals} {instrumental}"#)
        #expect(template.arguments == ["tool", "--in", "{input}", "-o", "my dir/{outdir}", #"a "b""#, "c d", "{vocals}", "{instrumental}"])
        #expect(template.substituted(input: "/in.mp3", vocals: "/v.wav", instrumental: "/i.wav", outputDirectory: "/o")
                == ["tool", "--in", "/in.mp3", "-o", "my dir//o", #"a "b""#, "c d", "/v.wav", "/i.wav"])
        #expect(throws: SeparationError.self) { try CommandTemplate(commandLine: "tool 'unterminated {input} {outdir}") }
        #expect(throws: SeparationError.self) { try CommandTemplate(commandLine: "tool {vocals} {instrumental}") }
        #expect(throws: SeparationError.self) { try CommandTemplate(commandLine: "tool {input} {vocals}") }
        #expect(throws: SeparationError.self) { try CommandTemplate(commandLine: "   ") }
    }

    /// True while `pid` exists and is not a zombie.
    private func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }
}
