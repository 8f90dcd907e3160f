/// `uvrctl offsets reset`: plan or apply a move of a group's offsets.
enum OffsetsResetCommand: CommandBody {
    static let path = ["offsets", "reset"]

    static func run(_ settings: OffsetsResetSettings, context: CommandContext) async throws -> ExitCode {
        NotImplemented.report(path, context)
    }
}
