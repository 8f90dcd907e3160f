/// Renders help text in the OVERVIEW / USAGE / ARGUMENTS / OPTIONS / SUBCOMMANDS layout, from the table.
public enum HelpFormatter {
    /// Help for the whole program (`uvrctl --help`).
    public static func programHelp() -> String {
        var text = section("OVERVIEW", wrap("uvrctl runs and operates a Kafka pipeline that splits songs into vocals and instrumental.", width: 76))
        text += section("USAGE", ["uvrctl [<global-options>] <subcommand> [<options>]"])
        text += section("OPTIONS", optionLines(CommandTable.globalOptions))
        text += section("SUBCOMMANDS", CommandTable.commands.map { entry($0.name, $0.abstract) })
        text += "  See 'uvrctl help <subcommand>' for detailed help.\n"
        return text
    }

    /// Help for the command at `path`, e.g. `["offsets", "reset"]`; the program help for an empty path.
    public static func help(for path: [String]) -> String {
        guard let spec = CommandTable.allCommandPaths.first(where: { $0.path == path })?.spec else { return programHelp() }
        let name = path.joined(separator: " ")
        var overview = [spec.abstract]
        if !spec.discussion.isEmpty { overview += ["", spec.discussion] }
        var text = section("OVERVIEW", overview.flatMap { wrap($0, width: 76) })
        text += section("USAGE", [usage(name: name, spec: spec)])
        if !spec.positionals.isEmpty {
            text += section("ARGUMENTS", spec.positionals.map { argument in
                var help = argument.help
                if let choices = argument.kind.choiceList { help += " (values: \(choices.joined(separator: ", ")))" }
                if let value = argument.defaultValue { help += " (default: \(value))" }
                return entry("<\(argument.name)>", help)
            })
        }
        if !spec.options.isEmpty { text += section("OPTIONS", optionLines(spec.options)) }
        text += section("GLOBAL OPTIONS", optionLines(CommandTable.globalOptions))
        if !spec.subcommands.isEmpty {
            text += section("SUBCOMMANDS", spec.subcommands.map { entry($0.name, $0.abstract) })
            text += "  See 'uvrctl help \(name) <subcommand>' for detailed help.\n"
        }
        return text
    }

    /// The USAGE line of a command.
    static func usage(name: String, spec: CommandSpec) -> String {
        var words = ["uvrctl", name]
        if !spec.subcommands.isEmpty { words.append("[<subcommand>]") }
        for argument in spec.positionals {
            words.append(argument.isRequired ? "<\(argument.name)>" : "[<\(argument.name)>]")
        }
        if !spec.options.isEmpty { words.append("[<options>]") }
        return words.joined(separator: " ")
    }

    /// How an option is written in help, e.g. `-o, --output-dir <dir>`.
    public static func signature(_ option: OptionSpec) -> String {
        var names = option.short.map { "-\($0), " } ?? ""
        names += option.longForm
        if option.takesValue { names += " <\(option.valueName)>" }
        if option.arity == .repeatable { names += " ..." }
        return names
    }

    private static func optionLines(_ options: [OptionSpec]) -> [String] {
        options.map { option in
            var help = option.help
            if let choices = option.choices { help += " (values: \(choices.joined(separator: ", ")))" }
            var origin: [String] = []
            if let environment = option.environment { origin.append("env: \(environment)") }
            if let value = option.defaultValue { origin.append("default: \(value)") }
            if !origin.isEmpty { help += " (\(origin.joined(separator: ", ")))" }
            return entry(signature(option), help)
        }
    }

    /// A two-column entry: the name padded to a column, the help wrapped beside or below it.
    private static func entry(_ name: String, _ help: String) -> String {
        let column = 30
        let helpLines = wrap(help, width: 78 - column)
        var lines: [String]
        if name.count + 2 < column {
            lines = [name.padding(toLength: column - 2, withPad: " ", startingAt: 0) + (helpLines.first ?? "")]
            lines += helpLines.dropFirst().map { String(repeating: " ", count: column - 2) + $0 }
        } else {
            lines = [name] + helpLines.map { String(repeating: " ", count: column - 2) + $0 }
        }
        return lines.joined(separator: "\n  ")
    }

    private static func section(_ title: String, _ lines: [String]) -> String {
        "\(title):\n" + lines.map { $0.isEmpty ? "\n" : "  \($0)\n" }.joined() + "\n"
    }

    /// Splits `text` into lines no longer than `width` (a longer single word stays whole).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " \(word)"
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}

extension OptionSpec.ValueKind {
    /// The closed set of values, when there is one.
    var choiceList: [String]? {
        if case .choice(let values) = self { return values }
        return nil
    }
}
