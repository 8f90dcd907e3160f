internal import CFFTW

/// One thread's working buffers for real FFTs of a fixed size, executing the shared FFTW plans.
///
/// The complex side is interleaved (re, im) floats, `size / 2 + 1` bins. Not thread-safe: one per
/// worker. Transforms are unnormalised (inverse(forward(x)) = size · x), as in FFTW.
final class RealFFT {
    let size: Int
    let binCount: Int
    /// Time-domain buffer, `size` floats, SIMD-aligned.
    let real: UnsafeMutablePointer<Float>
    /// Frequency-domain buffer, `2 * binCount` floats (re, im interleaved), SIMD-aligned.
    let complex: UnsafeMutablePointer<Float>
    private let complexStorage: UnsafeMutablePointer<fftwf_complex>
    private let plans: FFTWPlans

    init(size: Int) {
        precondition(size >= 16 && size.nonzeroBitCount == 1, "FFT size must be a power of two")
        self.size = size
        binCount = size / 2 + 1
        plans = FFTWPlans.shared(size: size)
        real = fftwf_alloc_real(size)!
        complexStorage = fftwf_alloc_complex(binCount)!
        complex = UnsafeMutableRawPointer(complexStorage).assumingMemoryBound(to: Float.self)
    }

    /// `complex` ← FFT(`real`).
    func forward() {
        fftwf_execute_dft_r2c(plans.forward, real, complexStorage)
    }

    /// `real` ← unnormalised inverse FFT(`complex`); destroys `complex`.
    func inverse() {
        fftwf_execute_dft_c2r(plans.inverse, complexStorage, real)
    }

    deinit {
        fftwf_free(real)
        fftwf_free(complexStorage)
    }
}
