/// A long-running uvrctl role: each has its own PID file, state file and run command.
public enum ProcessRole: String, Sendable, Codable, CaseIterable, Hashable {
    case processor
    case uploader

    /// The subcommand that runs this role (`run-processor`, `run-uploader`); it appears in the process's argv.
    public var runCommand: String { "run-\(rawValue)" }

    /// The capitalised name used in log lines such as `Processor shutdown complete`.
    public var displayName: String {
        switch self {
        case .processor: "Processor"
        case .uploader: "Uploader"
        }
    }

    /// `<role>.pid`, the PID file's name inside the PID directory.
    public var pidFileName: String { "\(rawValue).pid" }

    /// `<role>.state.json`, the state file's name inside the PID directory.
    public var stateFileName: String { "\(rawValue).state.json" }
}
