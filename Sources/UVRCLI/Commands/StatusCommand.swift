import UVRCore

/// `uvrctl status`: which roles run and what they are doing.
enum StatusCommand: CommandBody {
    static let path = ["status"]

    static func run(_ settings: StatusSettings, context: CommandContext) async throws -> ExitCode {
        let directory = settings.pidDirectory.path
        let roles = settings.roles
        let statuses = await onDedicatedThread(named: "uvrctl.status") { RoleStatus.collect(roles, pidDirectory: directory) }
        if settings.json {
            context.output.line(try StatusText.json(statuses))
        } else {
            statuses.forEach { context.output.line(StatusText.line(for: $0)) }
        }
        return ExitCode(rawValue: RoleStatus.exitCode(for: statuses))
    }
}
