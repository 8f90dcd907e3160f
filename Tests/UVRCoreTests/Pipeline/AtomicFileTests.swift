import Foundation
import Testing
import TestSupport
@testable import UVRCore

@Suite struct AtomicFileTests {
    @Test func copyPublishesIdenticalBytesAndLeavesNoTemporary() throws {
        let directory = try TemporaryDirectory()
        var bytes = [UInt8](repeating: 0, count: 3 * (1 << 20) + 17)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 9) }
        let source = directory.path + "/source.bin"
        try Data(bytes).write(to: URL(fileURLWithPath: source))
        try directory.write("dest.bin", "old contents")

        try AtomicFile.copy(from: source, to: directory.path + "/dest.bin")

        #expect(FileManager.default.contentsEqual(atPath: source, andPath: directory.path + "/dest.bin"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["dest.bin", "source.bin"])
    }

    @Test func copyOfMissingSourceFailsAsOutputFailed() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: TaskFailure.self) { try AtomicFile.copy(from: directory.path + "/absent", to: directory.path + "/x") }
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/x"))
    }

    @Test func temporaryNameIsHiddenBesideTheFinalName() {
        let temporary = AtomicFile.temporaryPath(for: "/out/t1_vocals.wav")
        #expect(temporary.hasPrefix("/out/.t1_vocals.wav.tmp-"))
        #expect(temporary != AtomicFile.temporaryPath(for: "/out/t1_vocals.wav"))
    }
}
