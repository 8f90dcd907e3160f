internal import CFFTW
import Synchronization

/// A pair of FFTW single-precision plans (real→complex and complex→real) for one transform size.
///
/// Plans are created once per size for the whole process and reused by every transform through
/// FFTW's new-array execute functions, which are thread-safe; creating plans is not, so all
/// planning goes through one lock.
final class FFTWPlans: @unchecked Sendable {
    let size: Int
    let forward: OpaquePointer
    let inverse: OpaquePointer

    private static let cache = Mutex<[Int: FFTWPlans]>([:])

    /// The shared plans for transforms of `size` points (created on first use).
    static func shared(size: Int) -> FFTWPlans {
        cache.withLock { plans in
            if let existing = plans[size] { return existing }
            let created = FFTWPlans(size: size)
            plans[size] = created
            return created
        }
    }

    /// Plans with FFTW_ESTIMATE (MEASURE costs more than it saves on a 30 s song) on scratch buffers; call only with the cache lock held.
    private init(size: Int) {
        self.size = size
        let real = fftwf_alloc_real(size)!
        let complex = fftwf_alloc_complex(size / 2 + 1)!
        forward = fftwf_plan_dft_r2c_1d(Int32(size), real, complex, FFTW_ESTIMATE)!
        inverse = fftwf_plan_dft_c2r_1d(Int32(size), complex, real, FFTW_ESTIMATE | FFTW_DESTROY_INPUT)!
        fftwf_free(real)
        fftwf_free(complex)
    }
}
