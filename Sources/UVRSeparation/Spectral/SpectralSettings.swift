/// The tunable constants of the built-in spectral separator. The defaults are the tuned values;
/// frequencies are in Hz and durations in seconds so they hold at every sample rate.
public struct SpectralSettings: Sendable, Equatable {
    /// Analysis window length; the FFT size is the power of two nearest to it (4096 at 44.1 kHz).
    public var windowSeconds = 0.0929
    /// Frames processed together; per-chunk statistics (vocal direction, spatial covariances) use them.
    public var chunkSeconds = 4.0
    /// Repetition: the nearest neighbour frames compared, either side.
    public var repetitionMinimumLagSeconds = 0.5
    /// Repetition: the farthest neighbour frames compared, either side (the look-ahead is this,
    /// twice over with `repetitionRefinement`).
    public var repetitionMaximumLagSeconds = 18.0
    /// Repetition: how many most-similar frames form the accompaniment model (at most 32).
    public var repetitionNeighbours = 20
    /// Repetition: a neighbour's similarity must be the highest within this distance (in lag) either side.
    public var repetitionPeakRadiusSeconds = 0.1
    /// Repetition: find the neighbour frames by an estimate of the accompaniment's band features
    /// (a first repetition pass over the 96 bands) instead of the mixture's, so frames are not
    /// chosen for sharing the same vocal note; doubles the look-ahead.
    public var repetitionRefinement = true
    /// Repetition: log-spaced bands in the feature frames are compared by.
    public var featureBandCount = 96
    /// Repetition: the feature's lowest band edge.
    public var featureLowHz = 40.0
    /// Repetition: the feature's highest band edge.
    public var featureHighHz = 5_000.0
    /// Stereo: the spread (radians) of the Gaussian around the vocal direction; 0 disables the cue.
    public var directionWidth: Float = 0.3
    /// Stereo: the lower edge of the band whose energy locates the vocal direction.
    public var directionLowHz = 200.0
    /// Stereo: the upper edge of that band.
    public var directionHighHz = 4_000.0
    /// Stereo: how much of earlier chunks' direction histogram carries over (0 = none).
    public var directionMemory: Float = 0.5
    /// Stereo: a second vocal direction (a harmony or double panned elsewhere) is the histogram's
    /// highest peak at least `directionSecondSeparation` from the first; its Gaussian is scaled by
    /// this times its height relative to the first (capped at 1); 0 disables.
    public var directionSecondWeight: Float = 1
    /// Stereo: the least distance (radians) between the two vocal directions.
    public var directionSecondSeparation: Float = 0.4
    /// Stereo: log-odds taken off a bin whose channels are out of phase (twice this at opposite
    /// phase, scaled by how evenly the bin sits in both channels); a panned voice is in phase. 0 disables.
    public var phasePenalty: Float = 2
    /// Band prior: below this the vocal log-odds fall by `bandPriorSlope` per octave (keeps bass and kick out).
    public var bandPriorLowHz = 200.0
    /// Band prior: above this they fall likewise (a soft slope, never a cut).
    public var bandPriorHighHz = 11_000.0
    /// Band prior: log-odds per octave outside the band.
    public var bandPriorSlope: Float = 6
    /// Band prior: the slope stops this many octaves outside the band.
    public var bandPriorFloorOctaves: Float = 4
    /// Log-odds added to every bin's vocal estimate (negative: leave doubtful energy in the instrumental).
    public var vocalBias: Float = 0
    /// Vocal pitch: the lowest fundamental searched.
    public var pitchLowHz = 80.0
    /// Vocal pitch: the highest fundamental searched.
    public var pitchHighHz = 900.0
    /// Vocal pitch: what a free jump of the tracked pitch costs, in units of a frame's best
    /// normalised salience (small moves cost less); 0 takes each frame's best candidate.
    public var pitchJumpCost: Float = 1
    /// Vocal pitch: each harmonic's salience counts above this many times the frame's mean level
    /// (0 = plain harmonic sum, which favours sub-octaves).
    public var pitchEmptyHarmonicCost: Float = 2
    /// Vocal pitch: the harmonic comb shapes bins below this only (sibilants above stay untouched).
    public var harmonicTopHz = 5_000.0
    /// Vocal pitch: the most log-odds removed off the harmonics in a fully voiced frame (0 disables).
    public var harmonicPenalty: Float = 2
    /// Vocal pitch: log-odds added on the comb's harmonics in a fully voiced frame.
    public var harmonicBoost: Float = 0.3
    /// Vocal pitch: bins this close to a harmonic count as on it.
    public var harmonicToleranceBins: Float = 1.5
    /// Vocal pitch: voicing = share of the estimate on the comb × this, capped at 1.
    public var harmonicVoicingScale: Float = 2
    /// Wiener step: each source's power is (mask · magnitude)^this; 2 would be power spectra, 1.5
    /// splits contested bins more evenly (fewer artifacts in the vocals).
    public var wienerExponent: Float = 1.5
    /// Quiet vocals: the most log-odds taken off every bin when the song shows little confident vocal (0 disables).
    public var quietVocalBias: Float = 2
    /// Quiet vocals: the score (90th-percentile frame vocal share + half the confident share) below which the bias starts.
    public var quietScoreThreshold = 0.72
    /// Quiet vocals: how far below the threshold the full bias is reached.
    public var quietScoreWidth = 0.06
    /// Quiet vocals: seconds of processed frames before the song is judged (earlier chunks are left alone).
    public var quietMinimumSeconds = 8.0
    /// Masks are clipped to [floor, 1 − floor] before combining as log-odds.
    public var maskFloor: Float = 1e-4
    /// Wiener step: diagonal loading of the normalised spatial covariances (keeps mono songs stable).
    public var diagonalLoading: Float = 0.01

    /// The defaults.
    public init() {}

    /// The FFT size for `sampleRate`: the power of two nearest to `windowSeconds`.
    func frameSize(sampleRate: Int) -> Int {
        let ideal = windowSeconds * Double(sampleRate)
        let exponent = max(8, Int((log2(ideal)).rounded()))
        return 1 << exponent
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension SpectralSettings {
    /// Sets the field named `key` (its Swift name) from a number; false when no field has that name.
    /// For tuning tools (the benchmark reads `UVR_SPECTRAL=key=value,…`).
    public mutating func set(_ key: String, to value: Double) -> Bool {
        switch key {
        case "windowSeconds": windowSeconds = value
        case "chunkSeconds": chunkSeconds = value
        case "repetitionMinimumLagSeconds": repetitionMinimumLagSeconds = value
        case "repetitionMaximumLagSeconds": repetitionMaximumLagSeconds = value
        case "repetitionNeighbours": repetitionNeighbours = Int(value)
        case "repetitionPeakRadiusSeconds": repetitionPeakRadiusSeconds = value
        case "repetitionRefinement": repetitionRefinement = value != 0
        case "featureBandCount": featureBandCount = Int(value)
        case "featureLowHz": featureLowHz = value
        case "featureHighHz": featureHighHz = value
        case "directionWidth": directionWidth = Float(value)
        case "directionLowHz": directionLowHz = value
        case "directionHighHz": directionHighHz = value
        case "directionMemory": directionMemory = Float(value)
        case "directionSecondWeight": directionSecondWeight = Float(value)
        case "directionSecondSeparation": directionSecondSeparation = Float(value)
        case "phasePenalty": phasePenalty = Float(value)
        case "bandPriorLowHz": bandPriorLowHz = value
        case "bandPriorHighHz": bandPriorHighHz = value
        case "bandPriorSlope": bandPriorSlope = Float(value)
        case "bandPriorFloorOctaves": bandPriorFloorOctaves = Float(value)
        case "pitchLowHz": pitchLowHz = value
        case "pitchHighHz": pitchHighHz = value
        case "pitchJumpCost": pitchJumpCost = Float(value)
        case "pitchEmptyHarmonicCost": pitchEmptyHarmonicCost = Float(value)
        case "vocalBias": vocalBias = Float(value)
        case "harmonicTopHz": harmonicTopHz = value
        case "harmonicPenalty": harmonicPenalty = Float(value)
        case "harmonicBoost": harmonicBoost = Float(value)
        case "harmonicToleranceBins": harmonicToleranceBins = Float(value)
        case "harmonicVoicingScale": harmonicVoicingScale = Float(value)
        case "wienerExponent": wienerExponent = Float(value)
        case "quietVocalBias": quietVocalBias = Float(value)
        case "quietScoreThreshold": quietScoreThreshold = value
        case "quietScoreWidth": quietScoreWidth = value
        case "quietMinimumSeconds": quietMinimumSeconds = value
        case "maskFloor": maskFloor = Float(value)
        case "diagonalLoading": diagonalLoading = Float(value)
        default: return false
        }
        return true
    }
}
