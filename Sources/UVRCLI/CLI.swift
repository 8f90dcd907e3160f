import UVRCore
import UVRKafka
import UVRAudio
import UVRSeparation

/// The uvrctl command line: parses arguments, runs one command, returns its exit status.
public enum CLI {
    /// Runs uvrctl with `arguments` (without the program name) and returns the process exit status.
    public static func run(_ arguments: [String]) -> Int32 {
        if arguments == ["--version"] {
            print("uvrctl \(UVRVersion.string) (librdkafka \(KafkaLibrary.version), \(AudioLibrary.version), \(FFTLibrary.version))")
            return 0
        }
        FileHandleOutput.standardError("uvrctl: error: not implemented yet")
        return 1
    }
}
