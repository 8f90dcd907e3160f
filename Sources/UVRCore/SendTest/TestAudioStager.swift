import Foundation
import UVRAudio

/// Puts one audio file per test task into the input directory, named `<task_uuid>.<ext>` (one
/// copy each, because a processor running with `--delete-input` removes a task's input).
///
/// Blocking file I/O: call it from a dedicated thread.
public struct TestAudioStager: Sendable {
    /// Where the audio comes from.
    public enum Source: Sendable {
        /// The generated test song, rendered once and written as WAV for every task.
        case generated(TestSong)
        /// A copy of this file, keeping its extension.
        case file(URL)
    }

    /// A file could not be read or written; the message names it.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The input directory's real path: the audio_path of every staged file starts with it.
    public let inputDirectory: String
    private let content: Content

    private enum Content: Sendable {
        case samples([Float])
        case file(path: String, fileExtension: String)
    }

    /// Prepares `source` for `inputDirectory` (which must exist): renders the song, or checks the file.
    public init(source: Source, inputDirectory directory: URL) throws(Failure) {
        guard let real = realpath(directory.path, nil) else {
            throw Failure(description: "input directory \(directory.path): \(String(cString: strerror(errno)))")
        }
        inputDirectory = String(cString: real)
        free(real)
        switch source {
        case .generated(let song):
            content = .samples(song.render())
        case .file(let url):
            var status = stat()
            guard stat(url.path, &status) == 0 else {
                throw Failure(description: "--file \(url.path): \(String(cString: strerror(errno)))")
            }
            guard (status.st_mode & S_IFMT) == S_IFREG else { throw Failure(description: "--file \(url.path): not a regular file") }
            guard access(url.path, R_OK) == 0 else { throw Failure(description: "--file \(url.path): not readable") }
            content = .file(path: url.path, fileExtension: url.pathExtension.lowercased())
        }
    }

    /// Writes the audio for `taskUUID` (a safe file name) and returns its absolute path.
    public func stage(taskUUID: String) throws(Failure) -> String {
        switch content {
        case .samples(let samples):
            let path = inputDirectory + "/" + taskUUID + ".wav"
            do throws(AudioError) {
                try TestSong.write(samples, to: URL(fileURLWithPath: path))
            } catch {
                throw Failure(description: "\(path): \(error)")
            }
            return path
        case .file(let source, let fileExtension):
            let path = inputDirectory + "/" + taskUUID + (fileExtension.isEmpty ? "" : "." + fileExtension)
            let temporary = inputDirectory + "/." + taskUUID + ".copy.tmp"
            do {
                try? FileManager.default.removeItem(atPath: temporary)
                try FileManager.default.copyItem(atPath: source, toPath: temporary)
                guard rename(temporary, path) == 0 else {
                    let reason = String(cString: strerror(errno))
                    try? FileManager.default.removeItem(atPath: temporary)
                    throw Failure(description: "\(path): rename: \(reason)")
                }
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure(description: "copy \(source) to \(path): \(error.localizedDescription)")
            }
            return path
        }
    }
}
