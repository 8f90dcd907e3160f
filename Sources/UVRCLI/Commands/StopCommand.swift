/// `uvrctl stop`: signal running roles and wait for them to exit.
enum StopCommand: CommandBody {
    static let path = ["stop"]

    static func run(_ settings: StopSettings, context: CommandContext) async throws -> ExitCode {
        NotImplemented.report(path, context)
    }
}
