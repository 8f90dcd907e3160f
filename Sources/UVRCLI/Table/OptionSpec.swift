/// One option of the command line as the table declares it: its names, what value it takes,
/// where a setting comes from when the flag is absent, and its help text.
public struct OptionSpec: Sendable, Equatable {
    /// What an option takes after its name.
    public enum Arity: Sendable, Equatable {
        /// A switch: present or absent, never a value (`--json`).
        case flag
        /// One value; given more than once, the last one wins (`--format wav`).
        case single
        /// One value per occurrence, all kept in order (`-X key=value`, `--group g`).
        case repeatable
    }

    /// What kind of value an option takes; drives help placeholders, validation and completion.
    public enum ValueKind: Sendable, Equatable {
        /// No value (a switch).
        case none
        /// Free text.
        case text
        /// A whole number.
        case integer
        /// A duration in seconds (`540`, `2.5`, or with a unit: `500ms`, `30s`, `10m`, `1h`).
        case duration
        /// One of a closed set of words.
        case choice([String])
        /// A file path (completion offers files).
        case file
        /// A directory path (completion offers directories).
        case directory
        /// A URL.
        case url
        /// `key=value`.
        case keyValue
    }

    /// The long name without dashes, e.g. `task-topic`; also the key settings are looked up by.
    public let name: String
    /// The one-letter short name without the dash, e.g. `o` for `-o`.
    public let short: Character?
    /// How many values the option takes.
    public let arity: Arity
    /// The kind of its value.
    public let kind: ValueKind
    /// The placeholder shown in help, e.g. `dir` in `--input-dir <dir>`.
    public let valueName: String
    /// The environment variable that supplies this setting when the flag is absent.
    public let environment: String?
    /// The default, as text the help and the settings resolver use; nil when there is none.
    public let defaultValue: String?
    /// One line of help.
    public let help: String
    /// True for an option that holds a secret: its value is never printed.
    public let isSecret: Bool

    /// Declares an option; see the properties for the meaning of each argument.
    public init(
        _ name: String, short: Character? = nil, arity: Arity = .single, kind: ValueKind = .text,
        valueName: String? = nil, environment: String? = nil, defaultValue: String? = nil,
        help: String, isSecret: Bool = false
    ) {
        self.name = name
        self.short = short
        self.arity = kind == .none ? .flag : arity
        self.kind = kind
        self.valueName = valueName ?? name.split(separator: "-").last.map(String.init) ?? name
        self.environment = environment
        self.defaultValue = defaultValue
        self.help = help
        self.isSecret = isSecret
    }

    /// A boolean switch.
    public static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name, short: short, arity: .flag, kind: .none, help: help)
    }

    /// `--name`, as typed on the command line.
    public var longForm: String { name.count == 1 ? "-\(name)" : "--\(name)" }

    /// True when the option takes a value.
    public var takesValue: Bool { arity != .flag }

    /// The closed set of values, when there is one.
    public var choices: [String]? { kind.choiceList }
}

/// A positional argument of a command, e.g. the INPUT of `separate`.
public struct PositionalSpec: Sendable, Equatable {
    /// The name shown in help (`input`) and used to look the value up.
    public let name: String
    /// The kind of its value.
    public let kind: OptionSpec.ValueKind
    /// False when the argument may be left out.
    public let isRequired: Bool
    /// The value used when an optional argument is left out.
    public let defaultValue: String?
    /// One line of help.
    public let help: String

    /// Declares a positional argument.
    public init(_ name: String, kind: OptionSpec.ValueKind = .text, isRequired: Bool = true, defaultValue: String? = nil, help: String) {
        self.name = name
        self.kind = kind
        self.isRequired = isRequired
        self.defaultValue = defaultValue
        self.help = help
    }
}
