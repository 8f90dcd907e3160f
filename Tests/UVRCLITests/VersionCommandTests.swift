import Testing
@testable import UVRCLI

@Test func versionFlagSucceeds() async {
    #expect(await CLI.run(["--version"]) == 0)
}
