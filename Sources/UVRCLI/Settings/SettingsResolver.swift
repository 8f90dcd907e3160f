import Foundation
import Synchronization

/// Where a resolved setting came from; decides the exit status of a bad value (flag: 64, else 78).
public enum SettingSource: Sendable, Equatable, CustomStringConvertible {
    /// The command line, with the option as typed (`--concurrency`).
    case flag(String)
    /// A process environment variable.
    case environment(String)
    /// A line of the `--env-file`.
    case envFile(path: String, variable: String, line: Int)
    /// The table's default.
    case defaultValue

    public var description: String {
        switch self {
        case .flag(let option): "'\(option)'"
        case .environment(let variable): "\(variable) (environment)"
        case .envFile(let path, let variable, let line): "\(variable) (\(path):\(line))"
        case .defaultValue: "the default"
        }
    }
}

/// Resolves one command's settings: flag over environment over `--env-file` over the table's
/// default, converting text to typed values and reporting bad ones with their source.
public struct SettingsResolver: Sendable {
    /// The parsed command line.
    public let invocation: Invocation
    /// The process environment (injected; tests pass a dictionary).
    public let environment: [String: String]
    /// The `--env-file`, when one was given.
    public let envFile: EnvFile?
    /// The options in force: global plus the command's.
    let options: [OptionSpec]
    /// `offsets reset`, for messages.
    let commandName: String
    /// The options a settings type asked about, so a test can prove every listed option is used.
    let consulted = ConsultedOptions()

    /// A resolver for the command `invocation` names; reads `--env-file` if given (errors exit 78).
    public init(invocation: Invocation, environment: [String: String]) throws(CLIError) {
        let spec = CommandTable.allCommandPaths.first { $0.path == invocation.commandPath }?.spec
        self.invocation = invocation
        self.environment = environment
        self.options = CommandTable.globalOptions + (spec?.options ?? [])
        self.commandName = invocation.commandPath.joined(separator: " ")
        self.envFile = try invocation.value("env-file").map { path throws(CLIError) in try EnvFile.load(path: path) }
    }

    /// The table entry of `name`; asking for an option the command does not have is a programming error.
    func spec(_ name: String) -> OptionSpec {
        consulted.record(name)
        guard let spec = options.first(where: { $0.name == name }) else {
            preconditionFailure("'\(name)' is not an option of '\(commandName)' in CommandTable")
        }
        return spec
    }

    /// The winning text of a setting and where it came from; nil when it is unset and has no default.
    public func raw(_ name: String) -> (value: String, source: SettingSource)? {
        let spec = spec(name)
        if let value = invocation.value(name) { return (value, .flag(spec.longForm)) }
        if let variable = spec.environment {
            if let value = environment[variable] { return (value, .environment(variable)) }
            if let envFile, let entry = envFile.entries[variable] {
                return (entry.value, .envFile(path: envFile.path, variable: variable, line: entry.line))
            }
        }
        return spec.defaultValue.map { ($0, .defaultValue) }
    }

    /// A text setting, checked against its kind; nil when unset without default.
    public func string(_ name: String) throws(CLIError) -> String? {
        guard let (value, source) = raw(name) else { return nil }
        if let problem = ValueSyntax.problem(with: value, kind: spec(name).kind) {
            throw invalid(name, value: value, source: source, problem)
        }
        return value
    }

    /// A setting that must have a value: a missing one is a usage error naming the flag.
    public func required(_ name: String) throws(CLIError) -> String {
        guard let value = try string(name) else {
            throw .usage("missing option '\(spec(name).longForm) <\(spec(name).valueName)>' for '\(commandName)'")
        }
        return value
    }

    /// A whole-number setting within `range`.
    public func integer(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws(CLIError) -> Int? {
        guard let text = try string(name) else { return nil }
        guard let value = ValueSyntax.integer(text), range.contains(value) else {
            throw invalid(name, value: text, source: raw(name)!.source, "expected a whole number\(Self.describe(range))")
        }
        return value
    }

    /// A duration setting (seconds, or with a unit).
    public func duration(_ name: String) throws(CLIError) -> Duration? {
        try string(name).flatMap(ValueSyntax.duration)
    }

    /// A closed-set setting as its enum.
    public func choice<Value: RawRepresentable>(_ name: String, as type: Value.Type) throws(CLIError) -> Value?
    where Value.RawValue == String {
        try string(name).flatMap(Value.init(rawValue:))
    }

    /// A path setting as an absolute file URL (relative paths resolve against the working directory).
    public func path(_ name: String) throws(CLIError) -> URL? {
        try string(name).map { URL(fileURLWithPath: $0) }
    }

    /// A URL setting: http, https or file URLs; a plain path becomes a file URL.
    public func url(_ name: String) throws(CLIError) -> URL? {
        guard let text = try string(name) else { return nil }
        if !text.contains("://") { return URL(fileURLWithPath: text, isDirectory: true) }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https", "file"].contains(scheme),
              scheme == "file" ? !url.path.isEmpty : url.host?.isEmpty == false else {
            throw invalid(name, value: text, source: raw(name)!.source, "expected an http, https or file URL")
        }
        return url
    }

    /// True when the switch `name` was given (or, for an option with a value, when it was given at all).
    public func flag(_ name: String) -> Bool {
        _ = spec(name)
        return invocation.isPresent(name)
    }

    /// Every value of a repeatable option, in command-line order.
    public func list(_ name: String) -> [String] {
        _ = spec(name)
        return invocation.values(name)
    }

    /// A comma-separated setting split into trimmed, non-empty items.
    public func commaList(_ name: String) throws(CLIError) -> [String] {
        (try string(name) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A positional argument (or its default).
    public func argument(_ name: String) -> String? { invocation.arguments[name] }

    /// The error for a bad value: usage (64) from a flag, configuration (78) otherwise; secrets are not echoed.
    public func invalid(_ name: String, value: String, source: SettingSource, _ problem: String) -> CLIError {
        let shown = spec(name).isSecret ? "" : " '\(value)'"
        if case .flag(let option) = source { return .usage("invalid value\(shown) for '\(option)': \(problem)") }
        return .configuration("invalid value\(shown) in \(source): \(problem)")
    }

    private static func describe(_ range: ClosedRange<Int>) -> String {
        switch (range.lowerBound, range.upperBound) {
        case (Int.min, Int.max): ""
        case (let low, Int.max): " >= \(low)"
        case (Int.min, let high): " <= \(high)"
        case (let low, let high): " from \(low) to \(high)"
        }
    }
}

/// The option names a resolver was asked about (thread-safe; read by tests).
final class ConsultedOptions: Sendable {
    private let names = Mutex(Set<String>())

    /// Notes that `name` was asked about.
    func record(_ name: String) { names.withLock { _ = $0.insert(name) } }

    /// Every name asked about so far.
    var all: Set<String> { names.withLock { $0 } }
}
