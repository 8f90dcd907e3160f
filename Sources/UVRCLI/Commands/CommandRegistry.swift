/// Maps each command path of `CommandTable` to its body; the one place a new command is wired in.
enum CommandRegistry {
    /// Resolves a command's settings and runs its body.
    typealias Runner = @Sendable (SettingsResolver, CommandContext) async throws -> ExitCode

    /// Every runnable command, keyed by its words joined with a space (`help` is handled by `CLI`).
    static let runners: [String: Runner] = Dictionary(uniqueKeysWithValues: [
        entry(RunProcessorCommand.self),
        entry(RunUploaderCommand.self),
        entry(OffsetsCommand.self),
        entry(OffsetsResetCommand.self),
        entry(SendTestCommand.self),
        entry(StopCommand.self),
        entry(StatusCommand.self),
        entry(SeparateCommand.self),
        entry(BrokerCommand.self),
    ])

    private static func entry<Body: CommandBody>(_ body: Body.Type) -> (String, Runner) {
        (Body.path.joined(separator: " "), { resolver, context in
            try await Body.run(try Body.Settings(resolving: resolver), context: context)
        })
    }
}
