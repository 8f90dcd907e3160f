/// `uvrctl broker`: the in-memory development broker.
enum BrokerCommand: CommandBody {
    static let path = ["broker"]

    static func run(_ settings: BrokerSettings, context: CommandContext) async throws -> ExitCode {
        NotImplemented.report(path, context)
    }
}
