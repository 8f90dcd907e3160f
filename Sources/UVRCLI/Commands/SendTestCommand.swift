/// `uvrctl send-test`: produce test tasks, optionally wait for results.
enum SendTestCommand: CommandBody {
    static let path = ["send-test"]

    static func run(_ settings: SendTestSettings, context: CommandContext) async throws -> ExitCode {
        NotImplemented.report(path, context)
    }
}
