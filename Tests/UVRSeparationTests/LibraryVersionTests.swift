import Testing
@testable import UVRSeparation

@Test func linkedFFTWReportsItsName() {
    #expect(FFTLibrary.version.hasPrefix("fftw-3."))
}
