import Testing
@testable import UVRCLI

/// Invariants of the one table: unique names, consistent shared options, a body for every command,
/// and honesty: every option a command lists is read by that command's settings.
@Suite struct CommandTableTests {
    @Test func namesAreUniqueWithinEachCommand() {
        for (path, spec) in CommandTable.allCommandPaths {
            let options = CommandTable.globalOptions + spec.options
            #expect(Set(options.map(\.name)).count == options.count, "duplicate option in \(path)")
            let shorts = options.compactMap(\.short)
            #expect(Set(shorts).count == shorts.count, "duplicate short option in \(path)")
        }
        #expect(Set(CommandTable.commands.map(\.name)).count == CommandTable.commands.count)
    }

    @Test func sameNameMeansSameArity() {
        // Options written before the command are parsed by name before the command is known.
        var takesValue: [String: Bool] = [:]
        for option in everyOptionSpec {
            if let known = takesValue[option.name] { #expect(known == option.takesValue, "\(option.longForm)") }
            takesValue[option.name] = option.takesValue
        }
    }

    @Test func everyCommandHasABody() {
        let runnable = Set(CommandTable.allCommandPaths.map { $0.path.joined(separator: " ") }).subtracting(["help"])
        #expect(Set(CommandRegistry.runners.keys) == runnable)
    }

    /// Minimal valid command lines, one per command path.
    static let minimalArguments: [String: [String]] = [
        "separate": ["separate", "in.wav"],
        "offsets reset": ["offsets", "reset", "--group", "g", "--all-topics", "--to-latest"],
    ]

    @Test func everyListedOptionIsReadBySettings() throws {
        let settingsTypes: [String: any CommandSettings.Type] = [
            "run-processor": RunProcessorSettings.self, "run-uploader": RunUploaderSettings.self,
            "offsets": OffsetsSettings.self, "offsets reset": OffsetsResetSettings.self,
            "send-test": SendTestSettings.self, "stop": StopSettings.self, "status": StatusSettings.self,
            "separate": SeparateSettings.self, "broker": BrokerSettings.self,
        ]
        for (path, spec) in CommandTable.allCommandPaths where path != ["help"] {
            let name = path.joined(separator: " ")
            let type = try #require(settingsTypes[name], "no settings type for \(name)")
            let resolver = try SettingsResolver(invocation: ArgumentParser().parse(Self.minimalArguments[name] ?? path), environment: [:])
            _ = try type.init(resolving: resolver)
            _ = try GlobalSettings(resolving: resolver)
            let unread = Set(spec.options.map(\.name)).subtracting(resolver.consulted.all)
            #expect(unread.isEmpty, "\(name) lists options its settings never read: \(unread.sorted())")
        }
    }
}
