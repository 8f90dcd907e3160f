/// An external separator's argv with `{input}`, `{vocals}`, `{instrumental}` and `{outdir}`
/// placeholders, substituted per request. Never passed through a shell.
public struct CommandTemplate: Sendable, Equatable, CustomStringConvertible {
    /// The placeholders a template may use.
    public static let placeholders = ["{input}", "{vocals}", "{instrumental}", "{outdir}"]

    /// The argv before substitution; the first element is the program (searched in PATH).
    public let arguments: [String]

    /// Uses `arguments` as given.
    /// - Throws: `.separationFailed` for an empty template or one that never names `{input}`,
    ///   or names neither the stems nor `{outdir}` (the tool would have nowhere to write).
    public init(arguments: [String]) throws(SeparationError) {
        guard let program = arguments.first, !program.isEmpty else {
            throw SeparationError(.separationFailed, "the separator command is empty")
        }
        let joined = arguments.joined(separator: " ")
        guard joined.contains("{input}") else {
            throw SeparationError(.separationFailed, "the separator command must contain {input}: \(joined)")
        }
        guard joined.contains("{outdir}") || (joined.contains("{vocals}") && joined.contains("{instrumental}")) else {
            throw SeparationError(.separationFailed,
                                  "the separator command must contain {vocals} and {instrumental}, or {outdir}: \(joined)")
        }
        self.arguments = arguments
    }

    /// Splits a command line into words like a POSIX shell does for quoting only: whitespace
    /// separates, '…' is literal, "…" allows \" and \\, a backslash escapes the next character.
    /// No variables, globbing, pipes or redirections: it is never run by a shell.
    public init(commandLine: String) throws(SeparationError) {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in commandLine {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch (quote, character) {
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case ("'", _):
                current.append(character)
            case ("\"", "\\"), (nil, "\\"):
                escaped = true
                inWord = true
            case ("\"", _):
                current.append(character)
            case (nil, "'"), (nil, "\""):
                quote = character
                inWord = true
            case (nil, _) where character.isWhitespace:
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                current.append(character)
                inWord = true
            }
        }
        guard quote == nil, !escaped else {
            throw SeparationError(.separationFailed, "unterminated quote in the separator command: \(commandLine)")
        }
        if inWord { words.append(current) }
        try self.init(arguments: words)
    }

    /// The argv for one request.
    public func substituted(input: String, vocals: String, instrumental: String, outputDirectory: String) -> [String] {
        arguments.map { argument in
            argument
                .replacingOccurrences(of: "{input}", with: input)
                .replacingOccurrences(of: "{vocals}", with: vocals)
                .replacingOccurrences(of: "{instrumental}", with: instrumental)
                .replacingOccurrences(of: "{outdir}", with: outputDirectory)
        }
    }

    public var description: String { arguments.joined(separator: " ") }
}

#if canImport(Foundation)
import Foundation
#endif
