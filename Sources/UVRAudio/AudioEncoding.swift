internal import CSndFile

/// Every container/codec pair the writer can produce. The public `OutputFormat` exposes WAV and
/// FLAC; the others exist so tests can create inputs in each readable format with libsndfile itself.
enum AudioEncoding: Sendable, CaseIterable {
    case wavPCM16, wavPCM24, wavFloat, flac24, aiffPCM16, oggVorbis, oggOpus, mp3

    var sndfileFormat: Int32 {
        let major: Int32
        let minor: Int32
        switch self {
        case .wavPCM16: (major, minor) = (Int32(SF_FORMAT_WAV), Int32(SF_FORMAT_PCM_16))
        case .wavPCM24: (major, minor) = (Int32(SF_FORMAT_WAV), Int32(SF_FORMAT_PCM_24))
        case .wavFloat: (major, minor) = (Int32(SF_FORMAT_WAV), Int32(SF_FORMAT_FLOAT))
        case .flac24: (major, minor) = (Int32(SF_FORMAT_FLAC), Int32(SF_FORMAT_PCM_24))
        case .aiffPCM16: (major, minor) = (Int32(SF_FORMAT_AIFF), Int32(SF_FORMAT_PCM_16))
        case .oggVorbis: (major, minor) = (Int32(SF_FORMAT_OGG), Int32(SF_FORMAT_VORBIS))
        case .oggOpus: (major, minor) = (Int32(SF_FORMAT_OGG), Int32(SF_FORMAT_OPUS))
        case .mp3: (major, minor) = (Int32(SF_FORMAT_MPEG), Int32(SF_FORMAT_MPEG_LAYER_III))
        }
        return major | minor
    }

    /// Integer PCM must be clipped rather than wrapped when a float sample exceeds ±1.
    var clipsOnWrite: Bool {
        switch self {
        case .wavFloat: false
        default: true
        }
    }
}
