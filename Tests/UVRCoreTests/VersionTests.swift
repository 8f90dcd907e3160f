import Testing
@testable import UVRCore

@Test func versionIsSemantic() {
    #expect(UVRVersion.string.split(separator: ".").count == 3)
}
