/// What the command line asked for, structurally valid but not yet resolved into settings.
public struct Invocation: Sendable, Equatable {
    /// The command and subcommand words, e.g. `["offsets", "reset"]`; empty when none was given.
    public var commandPath: [String] = []
    /// Values given per option long name (dashes stripped), in command-line order;
    /// a switch records an empty string per occurrence.
    public var options: [String: [String]] = [:]
    /// Positional arguments by their table name (`input`, `role`).
    public var arguments: [String: String] = [:]
    /// `--help`/`-h` was given, or the `help` command was used (then `commandPath` is its topic).
    public var helpRequested = false
    /// `--version` was given.
    public var versionRequested = false

    /// Creates an empty invocation; tests build them by hand.
    public init() {}

    /// The last value given for `option`, nil when it was not given.
    public func value(_ option: String) -> String? { options[option]?.last }

    /// Every value given for a repeatable `option`, in order.
    public func values(_ option: String) -> [String] { options[option] ?? [] }

    /// True when `option` (a switch or not) appeared on the command line.
    public func isPresent(_ option: String) -> Bool { options[option] != nil }
}
