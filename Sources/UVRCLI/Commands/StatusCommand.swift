/// `uvrctl status`: which roles run and what they are doing.
enum StatusCommand: CommandBody {
    static let path = ["status"]

    static func run(_ settings: StatusSettings, context: CommandContext) async throws -> ExitCode {
        NotImplemented.report(path, context)
    }
}
