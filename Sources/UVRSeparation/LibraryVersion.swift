internal import CFFTW

/// Facts about the FFTW this binary was linked with.
public enum FFTLibrary {
    /// FFTW's own version string, e.g. "fftw-3.3.10-sse2-avx".
    public static var version: String { String(cString: uvr_fftwf_version()) }
}
