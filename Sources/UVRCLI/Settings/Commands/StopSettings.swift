import Foundation
import UVRCore

/// Settings of `uvrctl stop [processor|uploader|all]`.
public struct StopSettings: CommandSettings {
    /// The signal `stop` sends first.
    public enum StopSignal: String, Sendable {
        case TERM, INT

        /// The signal number.
        public var number: Int32 {
            switch self {
            case .TERM: SIGTERM
            case .INT: SIGINT
            }
        }
    }

    /// The roles to stop (`all` = both).
    public var roles: [ProcessRole]
    public var pidDirectory: URL
    /// `--timeout`: how long to wait before SIGKILL.
    public var timeout: Duration
    public var signal: StopSignal

    public init(resolving resolver: SettingsResolver) throws(CLIError) {
        roles = ProcessRole.roles(from: resolver.argument("role"))
        pidDirectory = try resolver.path("pid-dir")!
        timeout = try resolver.duration("timeout")!
        signal = try resolver.choice("signal", as: StopSignal.self)!
    }
}
