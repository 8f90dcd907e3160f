/// `uvrctl offsets`: committed offsets, log-end offsets and lag.
enum OffsetsCommand: CommandBody {
    static let path = ["offsets"]

    static func run(_ settings: OffsetsSettings, context: CommandContext) async throws -> ExitCode {
        NotImplemented.report(path, context)
    }
}
