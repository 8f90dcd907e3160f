/// `uvrctl run-uploader`: consume results, upload stems, call the webhook, commit.
enum RunUploaderCommand: CommandBody {
    static let path = ["run-uploader"]

    static func run(_ settings: RunUploaderSettings, context: CommandContext) async throws -> ExitCode {
        NotImplemented.report(path, context)
    }
}
