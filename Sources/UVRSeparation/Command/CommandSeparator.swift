import Foundation
import UVRAudio

/// Runs an external separation tool (for example UVR's audio-separator with an MDX-Net model)
/// from an argv template, without a shell.
///
/// The tool gets `{input}`, scratch paths `{vocals}` and `{instrumental}` (ending in `.wav`) and a
/// scratch `{outdir}`, all inside a hidden directory next to the outputs. When it exits 0, each
/// stem is taken from its path or, if the tool chose its own names, from the file in `{outdir}`
/// whose name says vocals / instrumental (also "no_vocals", "accompaniment"); both must decode,
/// and are re-encoded into the requested format and renamed into place atomically. Cancellation
/// sends SIGTERM to the tool's process group, then SIGKILL after `killAfter`. A failure carries
/// the tail of the tool's stderr.
public struct CommandSeparator: Separator {
    /// The tool's argv template.
    public let template: CommandTemplate
    /// How long a cancelled tool gets between SIGTERM and SIGKILL.
    public var killAfter: Duration

    /// Creates a separator running `template`.
    public init(template: CommandTemplate, killAfter: Duration = .seconds(5)) {
        self.template = template
        self.killAfter = killAfter
    }

    public func separate(_ request: SeparationRequest, progress: @Sendable (Double) -> Void,
                         cancellation: CancellationFlag) throws(SeparationError) -> SeparationReport {
        let started = ContinuousClock.now
        let input: AudioFileReader
        do {
            input = try AudioFileReader(url: request.input)
        } catch {
            throw SeparationError(error)
        }
        let scratch = try makeScratchDirectory(near: request.vocalsOutput)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outdir = scratch.appendingPathComponent("out", isDirectory: true)
        let vocalsScratch = scratch.appendingPathComponent("vocals.wav")
        let instrumentalScratch = scratch.appendingPathComponent("instrumental.wav")

        try cancellation.check()
        progress(0)
        let arguments = template.substituted(input: request.input.path, vocals: vocalsScratch.path,
                                             instrumental: instrumentalScratch.path, outputDirectory: outdir.path)
        let child = try ChildProcess(arguments: arguments)
        let (termination, cancelled) = child.wait(cancellation: cancellation, killAfter: killAfter)
        if cancelled {
            throw SeparationError(.cancelled, "separation cancelled; \(arguments[0]) (process group \(child.pid)) stopped")
        }
        switch termination {
        case .exited(0):
            break
        case .exited(let status):
            throw SeparationError(.separationFailed, failureMessage("exited with status \(status)", program: arguments[0], stderr: child.stderrText))
        case .signalled(let signal):
            throw SeparationError(.separationFailed, failureMessage("was killed by signal \(signal)", program: arguments[0], stderr: child.stderrText))
        }

        let vocals = try locateStem(vocalsScratch, in: outdir, names: ["vocals"], excluding: ["no_vocals", "instrumental"],
                                    what: "vocals", stderr: child.stderrText)
        let instrumental = try locateStem(instrumentalScratch, in: outdir, names: ["instrumental", "no_vocals", "accompaniment"],
                                          excluding: [], what: "instrumental", stderr: child.stderrText)
        try transcode(vocals, to: request.vocalsOutput, format: request.format, what: "vocals", cancellation: cancellation)
        do {
            try transcode(instrumental, to: request.instrumentalOutput, format: request.format, what: "instrumental",
                          cancellation: cancellation)
        } catch {
            try? FileManager.default.removeItem(at: request.vocalsOutput)
            throw error
        }
        progress(1)
        let elapsed = ContinuousClock.now - started
        return SeparationReport(audioDurationSeconds: input.durationSeconds, sampleRate: input.sampleRate,
                                channels: input.channelCount,
                                wallTimeSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    private func failureMessage(_ what: String, program: String, stderr: String) -> String {
        let tail = stderr.split(whereSeparator: \.isNewline).suffix(5).joined(separator: " | ")
        return tail.isEmpty ? "\(program) \(what) (no stderr output)" : "\(program) \(what): \(tail)"
    }

    private func makeScratchDirectory(near output: URL) throws(SeparationError) -> URL {
        let scratch = output.deletingLastPathComponent()
            .appendingPathComponent(".uvr-command-\(getpid())-\(UInt32.random(in: 0...UInt32.max))", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: scratch.appendingPathComponent("out"), withIntermediateDirectories: true)
        } catch {
            throw SeparationError(.outputFailed, "\(scratch.path): cannot create a scratch directory (\(error.localizedDescription))")
        }
        return scratch
    }

    /// The stem at `expected`, else the one file in `outdir` whose name contains one of `names`.
    private func locateStem(_ expected: URL, in outdir: URL, names: [String], excluding: [String], what: String,
                            stderr: String) throws(SeparationError) -> URL {
        if FileManager.default.fileExists(atPath: expected.path) { return expected }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: outdir.path)) ?? []
        let matches = files.filter { file in
            let lower = file.lowercased()
            return names.contains { lower.contains($0) } && !excluding.contains { lower.contains($0) }
        }
        guard matches.count == 1 else {
            let found = files.isEmpty ? "nothing" : files.sorted().joined(separator: ", ")
            throw SeparationError(.separationFailed, failureMessage(
                "exited 0 but wrote no single \(what) stem (found in {outdir}: \(found))", program: template.arguments[0], stderr: stderr))
        }
        return outdir.appendingPathComponent(matches[0])
    }

    /// Decodes the tool's stem and writes it atomically in the requested format.
    private func transcode(_ source: URL, to destination: URL, format: OutputFormat, what: String,
                           cancellation: CancellationFlag) throws(SeparationError) {
        let reader: AudioFileReader
        do {
            reader = try AudioFileReader(url: source)
        } catch {
            throw SeparationError(.separationFailed, "the \(what) stem \(template.arguments[0]) wrote cannot be decoded: \(error.reason)")
        }
        do {
            let writer = try AudioFileWriter(url: destination, format: format, sampleRate: reader.sampleRate,
                                             channelCount: reader.channelCount)
            while true {
                try cancellation.check()
                let block = try reader.read(frames: 65_536)
                if block.isEmpty { break }
                try writer.write(block)
            }
            try writer.finish()
        } catch let error as SeparationError {
            throw error
        } catch let error as AudioError where error.kind == .writeFailed {
            throw SeparationError(error)
        } catch let error as AudioError {
            throw SeparationError(.separationFailed, "the \(what) stem \(template.arguments[0]) wrote cannot be decoded: \(error.reason)")
        } catch {
            throw SeparationError(.separationFailed, "\(error)")
        }
    }
}
