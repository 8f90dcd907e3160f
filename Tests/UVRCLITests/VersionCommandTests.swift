import Testing
@testable import UVRCLI

@Test func versionFlagSucceeds() {
    #expect(CLI.run(["--version"]) == 0)
}
