import Foundation
import UVRCore

/// Settings of `uvrctl status [processor|uploader|all]`.
public struct StatusSettings: CommandSettings {
    /// The roles to report (`all` = both).
    public var roles: [ProcessRole]
    public var pidDirectory: URL
    public var json: Bool

    public init(resolving resolver: SettingsResolver) throws(CLIError) {
        roles = ProcessRole.roles(from: resolver.argument("role"))
        pidDirectory = try resolver.path("pid-dir")!
        json = resolver.flag("json")
    }
}
