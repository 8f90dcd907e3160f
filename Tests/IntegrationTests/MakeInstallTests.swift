import Foundation
import Testing
import TestSupport

/// `make install-files` / `make uninstall` into a DESTDIR: the binary, man page and completions
/// land in their standard places under PREFIX, and uninstall removes exactly them.
@Suite struct MakeInstallTests {
    private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test func installsIntoDestdirAndUninstalls() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let root = directory.file("root")
        let variables = ["DESTDIR=\(root)", "PREFIX=/usr", "BUILT_BINARY=\(try UvrctlBinary.path())"]
        let install = try ChildProcess("/usr/bin/make", ["-s", "-C", Self.repository, "install-files"] + variables,
                                       standardOutputFile: directory.file("make.out"), standardErrorFile: directory.file("make.err"))
        #expect(install.exitCode == 0, "\(directory.contents("make.err"))")
        let expected = ["usr/bin/uvrctl", "usr/share/man/man1/uvrctl.1", "usr/share/bash-completion/completions/uvrctl",
                        "usr/share/zsh/site-functions/_uvrctl", "usr/share/fish/vendor_completions.d/uvrctl.fish"]
        let installed = try FileManager.default.subpathsOfDirectory(atPath: root).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: "\(root)/\(path)", isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        #expect(Set(installed) == Set(expected))
        #expect(FileManager.default.isExecutableFile(atPath: "\(root)/usr/bin/uvrctl"))
        #expect(directory.contents("root/usr/share/man/man1/uvrctl.1") == (try String(contentsOfFile: "\(Self.repository)/man/uvrctl.1", encoding: .utf8)))

        let uninstall = try ChildProcess("/usr/bin/make", ["-s", "-C", Self.repository, "uninstall"] + variables,
                                         standardOutputFile: directory.file("make.out"), standardErrorFile: directory.file("make.err"))
        #expect(uninstall.exitCode == 0)
        #expect(expected.allSatisfy { !FileManager.default.fileExists(atPath: "\(root)/\($0)") })
    }
}
