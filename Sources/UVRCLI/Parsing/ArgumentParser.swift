/// Turns command-line words into an `Invocation`, driven entirely by `CommandTable`.
///
/// Accepted: global options anywhere; a command's options after it, or before it when the
/// command accepts them (`uvrctl --bootstrap-servers b:9092 offsets`); `--opt value`, `--opt=value`,
/// `-o value`, `-ovalue`, `-Xkey=value`; `--` ends options. Mistakes throw a `CLIError.usage`
/// naming the token, with the nearest valid name suggested.
public struct ArgumentParser: Sendable {
    /// The global options in force (normally `CommandTable.globalOptions`).
    public let globalOptions: [OptionSpec]
    /// The commands in force (normally `CommandTable.commands`).
    public let commands: [CommandSpec]

    /// A parser over the given table; the defaults are the uvrctl table.
    public init(globalOptions: [OptionSpec] = CommandTable.globalOptions, commands: [CommandSpec] = CommandTable.commands) {
        self.globalOptions = globalOptions
        self.commands = commands
    }

    /// Parses `arguments` (without the program name).
    public func parse(_ arguments: [String]) throws(CLIError) -> Invocation {
        var invocation = Invocation()
        var command: CommandSpec?
        var optionsBeforeCommand: [(spec: OptionSpec, token: String)] = []
        var positionals: [String] = []
        var endOfOptions = false
        var index = 0

        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if !endOfOptions && token == "--" {
                endOfOptions = true
                continue
            }
            if !endOfOptions && Self.looksLikeOption(token) {
                let (spec, inlineValue) = try lookUpOption(token, in: command)
                var value = ""
                if spec.takesValue {
                    if let inlineValue {
                        value = inlineValue
                    } else if index < arguments.count, !Self.looksLikeOption(arguments[index]) || Self.isNumber(arguments[index]) {
                        value = arguments[index]
                        index += 1
                    } else {
                        throw .usage("option '\(spec.longForm)' needs a value <\(spec.valueName)>")
                    }
                    if let problem = ValueSyntax.problem(with: value, kind: spec.kind) {
                        let shown = spec.isSecret ? "" : " '\(value)'"
                        throw .usage("invalid value\(shown) for '\(spec.longForm)': \(problem)")
                    }
                } else if inlineValue != nil {
                    throw .usage("option '\(spec.longForm)' takes no value (in '\(token)')")
                }
                invocation.options[spec.name, default: []].append(value)
                if command == nil { optionsBeforeCommand.append((spec, token)) }
                continue
            }
            // A positional word: the command, a subcommand, the help topic, or an argument.
            if command == nil {
                guard let found = commands.first(where: { $0.name == token }) else {
                    throw .usage("unknown command '\(token)'" + Suggestion.hint(for: token, in: commands.map(\.name)))
                }
                command = found
                invocation.commandPath = [found.name]
            } else if let current = command, positionals.isEmpty, invocation.commandPath.count == 1,
                      let sub = current.subcommand(named: token) {
                command = sub
                invocation.commandPath.append(sub.name)
            } else {
                positionals.append(token)
            }
        }

        invocation.versionRequested = invocation.isPresent("version")
        invocation.helpRequested = invocation.isPresent("help")
        guard let command else { return invocation }
        if command.name == "help" && invocation.commandPath == ["help"] {
            invocation.helpRequested = true
            invocation.commandPath = try helpTopic(positionals)
            return invocation
        }
        for (spec, token) in optionsBeforeCommand where !isGlobal(spec) && command.option(named: spec.name) == nil {
            throw .usage("option '\(token)' does not apply to '\(invocation.commandPath.joined(separator: " "))'")
        }
        if invocation.helpRequested || invocation.versionRequested { return invocation }
        invocation.arguments = try bindPositionals(positionals, to: command, path: invocation.commandPath)
        return invocation
    }

    /// True for `-x`, `--xyz`, `--xyz=v`; false for `-` (standard input) and plain words.
    static func looksLikeOption(_ token: String) -> Bool { token.hasPrefix("-") && token.count > 1 }

    /// True for a (possibly negative) number, which may follow an option as its value.
    static func isNumber(_ token: String) -> Bool { Double(token) != nil }

    private func isGlobal(_ spec: OptionSpec) -> Bool { globalOptions.contains { $0.name == spec.name } }

    /// Finds the option a token names, and the value written into the token itself, if any.
    private func lookUpOption(_ token: String, in command: CommandSpec?) throws(CLIError) -> (OptionSpec, String?) {
        let name: String
        var inline: String?
        if token.hasPrefix("--") {
            let body = token.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                inline = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
            }
        } else {
            name = String(token.dropFirst().prefix(1))
            let rest = token.dropFirst(2)
            if !rest.isEmpty { inline = String(rest.hasPrefix("=") ? rest.dropFirst() : rest) }
        }
        let isShort = !token.hasPrefix("--")
        let candidates = visibleOptions(for: command)
        let found = candidates.first { spec in
            isShort ? (spec.short.map(String.init) == name || (spec.name == name && name.count == 1))
                    : (spec.name == name && name.count > 1)
        }
        if let found { return (found, inline) }
        let shown = inline == nil ? token : String(token.prefix { $0 != "=" })
        let names = candidates.flatMap { spec in [spec.longForm] + (spec.short.map { ["-\($0)"] } ?? []) }
        let scope = command.map { " for '\($0.name)'" } ?? ""
        throw .usage("unknown option '\(shown)'\(scope)" + Suggestion.hint(for: shown, in: names))
    }

    /// Options valid at this point: global ones plus the command's, or before a command any known option.
    private func visibleOptions(for command: CommandSpec?) -> [OptionSpec] {
        if let command { return globalOptions + command.options }
        return CommandTable.distinctOptions(global: globalOptions, commands: commands)
    }

    private func helpTopic(_ words: [String]) throws(CLIError) -> [String] {
        guard let first = words.first else { return [] }
        guard let command = commands.first(where: { $0.name == first }) else {
            throw .usage("unknown command '\(first)'" + Suggestion.hint(for: first, in: commands.map(\.name)))
        }
        guard words.count > 1 else { return [first] }
        guard words.count == 2, command.subcommand(named: words[1]) != nil else {
            throw .usage("'\(first)' has no subcommand '\(words.dropFirst().joined(separator: " "))'"
                         + Suggestion.hint(for: words[1], in: command.subcommands.map(\.name)))
        }
        return words
    }

    private func bindPositionals(_ words: [String], to command: CommandSpec, path: [String]) throws(CLIError) -> [String: String] {
        let name = path.joined(separator: " ")
        var bound: [String: String] = [:]
        for (position, spec) in command.positionals.enumerated() {
            guard position < words.count else {
                if spec.isRequired { throw .usage("missing argument <\(spec.name)> for '\(name)'") }
                if let value = spec.defaultValue { bound[spec.name] = value }
                continue
            }
            let word = words[position]
            if let problem = ValueSyntax.problem(with: word, kind: spec.kind) {
                throw .usage("invalid value '\(word)' for <\(spec.name)>: \(problem)")
            }
            bound[spec.name] = word
        }
        if words.count > command.positionals.count {
            let extra = words[command.positionals.count]
            let hint = path.count == 1 ? Suggestion.hint(for: extra, in: command.subcommands.map(\.name)) : ""
            throw .usage("unexpected argument '\(extra)' for '\(name)'" + hint)
        }
        return bound
    }
}
