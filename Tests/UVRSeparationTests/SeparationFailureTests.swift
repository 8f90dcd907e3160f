import Foundation
import Synchronization
import Testing
@testable import UVRAudio
@testable import UVRSeparation

@Suite struct SeparationFailureTests {
    private func expectFailure(_ code: SeparationError.Code, input: URL, output: URL) {
        #expect {
            _ = try separateFile(input: input, outputDirectory: output)
        } throws: { error in
            guard let error = error as? SeparationError else { return false }
            return error.code == code && error.message.contains(input.lastPathComponent)
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test func emptyCorruptAndTruncatedInputsAreUnsupportedAudio() throws {
        let directory = try Signals.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("empty.wav")
        try Data().write(to: empty)
        expectFailure(.unsupportedAudio, input: empty, output: directory.appendingPathComponent("out-empty"))

        let corrupt = directory.appendingPathComponent("corrupt.mp3")
        var random = Signals.Random(state: 5)
        try Data((0..<10_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }).write(to: corrupt)
        expectFailure(.unsupportedAudio, input: corrupt, output: directory.appendingPathComponent("out-corrupt"))

        let whole = directory.appendingPathComponent("whole.wav")
        try Signals.writeFloatWAV(Signals.melody(seconds: 2, sampleRate: 8_000, seed: 1), to: whole, sampleRate: 8_000, channels: 1)
        let truncated = directory.appendingPathComponent("truncated.wav")
        try Data(try Data(contentsOf: whole).prefix(20_000)).write(to: truncated)
        expectFailure(.unsupportedAudio, input: truncated, output: directory.appendingPathComponent("out-truncated"))
    }

    @Test func missingInputIsAudioNotFound() throws {
        let directory = try Signals.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        expectFailure(.audioNotFound, input: directory.appendingPathComponent("nope.wav"), output: directory.appendingPathComponent("out"))
    }

    @Test func unwritableOutputIsOutputFailed() throws {
        let directory = try Signals.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.wav")
        try Signals.writeFloatWAV([0.1, 0.2, 0.3], to: input, sampleRate: 8_000, channels: 1)
        let blocker = directory.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        #expect {
            _ = try separateFile(input: input, outputDirectory: blocker.appendingPathComponent("sub"))
        } throws: { ($0 as? SeparationError)?.code == .outputFailed }
    }

    @Test func cancellationStopsPromptlyAndLeavesNoStems() throws {
        let directory = try Signals.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("long.wav")
        // Three minutes of stereo audio: far more than can be separated before the cancel.
        let rate = 44_100
        let writer = try AudioFileWriter(url: input, format: .wav(.pcm24), sampleRate: rate, channelCount: 2)
        let block = Signals.stereo(left: Signals.melody(seconds: 2, sampleRate: rate, seed: 1),
                                   right: Signals.melody(seconds: 2, sampleRate: rate, seed: 2))
        for _ in 0..<90 { try writer.write(block) }
        try writer.finish()

        let output = directory.appendingPathComponent("out")
        let flag = CancellationFlag()
        let outcome = Mutex<Result<FileSeparationSummary, SeparationError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            let result = Result { () throws(SeparationError) in
                try separateFile(input: input, outputDirectory: output, cancellation: flag)
            }
            outcome.withLock { $0 = result }
            done.signal()
        }.start()
        usleep(700_000)   // well into the work: reading, analysing, or masking
        let cancelledAt = ContinuousClock.now
        flag.cancel()
        #expect(done.wait(timeout: .now() + 10) == .success)
        let elapsed = ContinuousClock.now - cancelledAt
        #expect(elapsed < .seconds(2), "stopped \(elapsed) after cancel")
        let result = outcome.withLock { $0 }
        guard case .failure(let error) = result else {
            Issue.record("separation finished instead of being cancelled")
            return
        }
        #expect(error.code == .cancelled)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []).isEmpty)
    }
}
