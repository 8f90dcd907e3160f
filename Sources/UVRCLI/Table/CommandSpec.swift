/// One command (or subcommand) as the table declares it.
public struct CommandSpec: Sendable, Equatable {
    /// The word typed on the command line, e.g. `run-processor` or `reset`.
    public let name: String
    /// One line saying what the command does (help's OVERVIEW and the subcommand list).
    public let abstract: String
    /// Further paragraphs for the OVERVIEW, may be empty.
    public let discussion: String
    /// The command's own options (global options are not repeated here).
    public let options: [OptionSpec]
    /// Its positional arguments, in order.
    public let positionals: [PositionalSpec]
    /// Its subcommands, e.g. `reset` under `offsets`.
    public let subcommands: [CommandSpec]

    /// Declares a command.
    public init(
        _ name: String, abstract: String, discussion: String = "", options: [OptionSpec] = [],
        positionals: [PositionalSpec] = [], subcommands: [CommandSpec] = []
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.positionals = positionals
        self.subcommands = subcommands
    }

    /// The option named `name` (long name without dashes, or a one-letter short name).
    public func option(named name: String) -> OptionSpec? {
        options.first { $0.name == name || ($0.short.map(String.init) == name) }
    }

    /// The subcommand named `name`.
    public func subcommand(named name: String) -> CommandSpec? {
        subcommands.first { $0.name == name }
    }
}
