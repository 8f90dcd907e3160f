import Foundation
import Testing
@testable import UVRSeparation

@Suite struct MaskMathTests {
    @Test func fastExponentialMatchesExpOnTheNegativeAxis() {
        var x: Float = -30
        while x <= 0 {
            let exact = expf(x)
            let relative = abs(MaskBuilder.fastExp(x) - exact) / exact
            #expect(relative < 2e-3, "fastExp(\(x)) off by \(relative)")
            x += 0.173
        }
        #expect(MaskBuilder.fastExp(-1_000) < 1e-30)
        #expect(MaskBuilder.fastExp(0) == 1)
    }

    @Test func bandFeaturesAreUnitLengthAndCoverEveryBand() {
        let features = BandFeatures(bandCount: 96, lowHz: 40, highHz: 8_000, sampleRate: 44_100, frameSize: 4_096)
        var magnitude = [Float](repeating: 1, count: 2_056)
        var feature = [Float](repeating: 0, count: features.width)
        var scratch = [Float](repeating: 0, count: 2_056)
        features.compute(magnitude: &magnitude, into: &feature, scratch: &scratch)
        let norm = feature.reduce(0) { $0 + $1 * $1 }
        #expect(abs(norm - 1) < 1e-4)
        #expect(feature.prefix(96).allSatisfy { $0 > 0 })
    }

    @Test func frameSizeFollowsTheSampleRate() {
        let settings = SpectralSettings()
        #expect(settings.frameSize(sampleRate: 44_100) == 4_096)
        #expect(settings.frameSize(sampleRate: 48_000) == 4_096)
        #expect(settings.frameSize(sampleRate: 8_000) == 1_024)   // 743 ideal: nearer 1024 on a log scale
        #expect(settings.frameSize(sampleRate: 192_000) == 16_384)
    }
}
