import Testing
@testable import UVRAudio

@Test func linkedLibsndfileReportsItsName() {
    #expect(AudioLibrary.version.hasPrefix("libsndfile-1."))
}
