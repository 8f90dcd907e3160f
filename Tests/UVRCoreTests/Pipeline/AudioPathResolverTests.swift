import Foundation
import Testing
import TestSupport
@testable import UVRCore

@Suite struct AudioPathResolverTests {
    let root: TemporaryDirectory
    let input: String
    let resolver: AudioPathResolver

    init() throws {
        root = try TemporaryDirectory()
        input = root.path + "/in"
        try FileManager.default.createDirectory(atPath: input + "/sub", withIntermediateDirectories: true)
        try root.write("in/song.wav")
        try root.write("in/sub/deep.wav")
        try root.write("in2/sibling.wav")
        try root.write("secret.txt")
        resolver = try AudioPathResolver(inputDirectory: input)
    }

    @Test func absoluteAndRelativePathsInsideResolve() throws {
        #expect(try resolver.resolve(input + "/song.wav").get() == input + "/song.wav")
        #expect(try resolver.resolve("song.wav").get() == input + "/song.wav")
        #expect(try resolver.resolve("sub/../sub/./deep.wav").get() == input + "/sub/deep.wav")
        #expect(try resolver.resolve(input + "//sub/deep.wav").get() == input + "/sub/deep.wav")
    }

    @Test func inputDirectoryGivenThroughASymlinkStillWorks() throws {
        try FileManager.default.createSymbolicLink(atPath: root.path + "/link-in", withDestinationPath: input)
        let viaLink = try AudioPathResolver(inputDirectory: root.path + "/link-in")
        #expect(viaLink.inputDirectory == input)
        #expect(try viaLink.resolve(root.path + "/link-in/song.wav").get() == input + "/song.wav")
    }

    @Test(arguments: ["../../etc/passwd", "../secret.txt", "/etc/passwd", "../in2/sibling.wav", "sub/../../secret.txt", "/", ".."])
    func escapesAreRefused(path: String) {
        #expect(resolver.resolve(path).failureCode == .pathNotAllowed)
    }

    @Test func siblingWithCommonStringPrefixIsOutside() {
        #expect(resolver.resolve(root.path + "/in2/sibling.wav").failureCode == .pathNotAllowed)
        #expect(!AudioPathResolver.isInside("/srv/in2/a", directory: "/srv/in"))
        #expect(AudioPathResolver.isInside("/srv/in/a", directory: "/srv/in"))
        #expect(!AudioPathResolver.isInside("/srv/in", directory: "/srv/in"))
    }

    @Test func symlinkPointingOutIsRefusedAndTargetUntouched() throws {
        try FileManager.default.createSymbolicLink(atPath: input + "/evil.wav", withDestinationPath: root.path + "/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: input + "/evildir", withDestinationPath: root.path)
        let failure = resolver.resolve("evil.wav")
        #expect(failure.failureCode == .pathNotAllowed)
        #expect(resolver.resolve("evildir/secret.txt").failureCode == .pathNotAllowed)
        #expect(try String(contentsOfFile: root.path + "/secret.txt", encoding: .utf8) == "data")
    }

    @Test func symlinkStayingInsideIsFollowed() throws {
        try FileManager.default.createSymbolicLink(atPath: input + "/alias.wav", withDestinationPath: "sub/deep.wav")
        #expect(try resolver.resolve("alias.wav").get() == input + "/sub/deep.wav")
    }

    @Test func missingDirectoryAndSpecialFilesAreNotFound() throws {
        #expect(resolver.resolve("nope.wav").failureCode == .audioNotFound)
        #expect(resolver.resolve("sub").failureCode == .audioNotFound)
        #expect(resolver.resolve("song.wav/x").failureCode == .audioNotFound)
        #expect(mkfifo(input + "/pipe", 0o600) == 0)
        #expect(resolver.resolve("pipe").failureCode == .audioNotFound)
        #expect(resolver.resolve("dangling").failureCode == .audioNotFound)
    }

    @Test func nulBytesAndEmptyPathsAreRefused() {
        #expect(resolver.resolve("song.wav\u{0}../../etc/passwd").failureCode == .pathNotAllowed)
        #expect(resolver.resolve("").failureCode == .invalidTask)
    }

    @Test func missingInputDirectoryFailsAtConstruction() {
        #expect(throws: TaskFailure.self) { try AudioPathResolver(inputDirectory: root.path + "/absent") }
        #expect(throws: TaskFailure.self) { try AudioPathResolver(inputDirectory: root.path + "/secret.txt") }
    }

    @Test func outputNamesFollowTheContract() {
        let names = StemFileNames(taskUUID: "t-1", fileExtension: "flac")
        #expect(names.vocals == "t-1_vocals.flac")
        #expect(names.instrumental == "t-1_instrumental.flac")
        #expect(names.paths(in: "/out/") == ("/out/t-1_vocals.flac", "/out/t-1_instrumental.flac"))
    }
}

extension Result {
    /// The failure's error code, or nil on success.
    var failureCode: ErrorCode? {
        if case .failure(let error as TaskFailure) = self { return error.code }
        return nil
    }
}
