/// How a WAV output stores its samples.
public enum WAVSampleKind: String, Sendable, CaseIterable {
    /// 24-bit signed integer PCM (the default: what the original service wrote).
    case pcm24
    /// 32-bit IEEE float, no clipping.
    case float
}

/// The container and encoding of a written stem.
public enum OutputFormat: Sendable, Equatable, CustomStringConvertible {
    /// RIFF WAV with the given sample kind.
    case wav(WAVSampleKind = .pcm24)
    /// FLAC, 24-bit, lossless.
    case flac

    /// Parses the names accepted by `--format`: `wav`, `wav-float`, `flac`.
    public init?(name: String) {
        switch name.lowercased() {
        case "wav", "wav-pcm24": self = .wav(.pcm24)
        case "wav-float": self = .wav(.float)
        case "flac": self = .flac
        default: return nil
        }
    }

    /// The names `init(name:)` accepts, for help texts and completions.
    public static let names = ["wav", "wav-float", "flac"]

    /// The file extension without a dot: `wav` or `flac`.
    public var fileExtension: String {
        switch self {
        case .wav: "wav"
        case .flac: "flac"
        }
    }

    public var description: String {
        switch self {
        case .wav(.pcm24): "wav"
        case .wav(.float): "wav-float"
        case .flac: "flac"
        }
    }

    var encoding: AudioEncoding {
        switch self {
        case .wav(.pcm24): .wavPCM24
        case .wav(.float): .wavFloat
        case .flac: .flac24
        }
    }
}
