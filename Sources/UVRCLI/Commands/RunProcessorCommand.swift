/// `uvrctl run-processor`: consume tasks, separate, produce results, commit.
enum RunProcessorCommand: CommandBody {
    static let path = ["run-processor"]

    static func run(_ settings: RunProcessorSettings, context: CommandContext) async throws -> ExitCode {
        NotImplemented.report(path, context)
    }
}
