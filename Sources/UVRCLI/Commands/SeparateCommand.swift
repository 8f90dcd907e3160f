/// `uvrctl separate`: separate one file without Kafka.
enum SeparateCommand: CommandBody {
    static let path = ["separate"]

    static func run(_ settings: SeparateSettings, context: CommandContext) async throws -> ExitCode {
        NotImplemented.report(path, context)
    }
}
