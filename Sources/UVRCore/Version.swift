/// The version uvrctl reports in `--version`, logs and the webhook's User-Agent.
public enum UVRVersion {
    /// Semantic version of this build.
    public static let string = "0.1.0"
}
