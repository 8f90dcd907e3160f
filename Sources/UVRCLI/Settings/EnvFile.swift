import Foundation

/// The settings of an `--env-file`: `KEY=VALUE` lines, `#` comments, blank lines, optional
/// single or double quotes around the value, an `export ` prefix tolerated. Later lines win.
public struct EnvFile: Sendable, Equatable {
    /// One assignment with the line it came from, for error messages.
    public struct Entry: Sendable, Equatable {
        /// The value, quotes removed.
        public let value: String
        /// 1-based line number in the file.
        public let line: Int
    }

    /// The path the file was read from (as given), used in messages.
    public let path: String
    /// The assignments by key.
    public let entries: [String: Entry]

    /// Reads and parses the file at `path`; a missing file or bad line is a configuration error (78).
    public static func load(path: String) throws(CLIError) -> EnvFile {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .configuration("cannot read env file \(path): \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw .configuration("cannot read env file \(path): \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .configuration("env file \(path) is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Parses env-file text; `path` only labels errors.
    public static func parse(_ text: String, path: String) throws(CLIError) -> EnvFile {
        var entries: [String: Entry] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                throw .configuration("\(path):\(number): expected KEY=VALUE")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard isValidKey(key) else {
                throw .configuration("\(path):\(number): invalid variable name '\(key)'")
            }
            let rawValue = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard let value = unquote(rawValue) else {
                throw .configuration("\(path):\(number): unterminated quote in the value of \(key)")
            }
            entries[key] = Entry(value: value, line: number)
        }
        return EnvFile(path: path, entries: entries)
    }

    /// A shell-style variable name: a letter or underscore, then letters, digits, underscores.
    static func isValidKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || CharacterSet.letters.contains(first), first.isASCII else { return false }
        return key.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || CharacterSet.alphanumerics.contains($0)) }
    }

    /// The value without surrounding quotes (`\"` and `\\` unescaped inside double quotes); nil when a quote is unbalanced.
    static func unquote(_ value: String) -> String? {
        guard let quote = value.first, quote == "\"" || quote == "'" else { return value }
        guard value.count >= 2, value.last == quote else { return nil }
        let inner = String(value.dropFirst().dropLast())
        guard quote == "\"" else { return inner }
        var result = ""
        var escaping = false
        for character in inner {
            if escaping {
                result.append(character == "n" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "\"" {
                return nil
            } else {
                result.append(character)
            }
        }
        return escaping ? nil : result
    }
}
