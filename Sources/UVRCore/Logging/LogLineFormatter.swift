#if canImport(Glibc)
import Glibc
#endif

/// Renders one log entry as a line in the human or JSON format.
struct LogLineFormatter: Sendable {
    let format: LogFormat
    let colours: Bool
    let role: String?

    /// The complete line, newline included.
    func line(level: LogLevel, message: String, fields: [LogField], time: timespec) -> String {
        let timestamp = Self.timestamp(time)
        switch format {
        case .human:
            var line = timestamp + " " + humanLevel(level) + " " + Self.escapeControlCharacters(message)
            for field in fields {
                line += " " + field.key + "=" + Self.humanValue(field.value)
            }
            return line + "\n"
        case .json:
            var line = "{\"ts\":" + Self.jsonString(timestamp) + ",\"level\":" + Self.jsonString(level.description)
                + ",\"msg\":" + Self.jsonString(message)
            if let role { line += ",\"role\":" + Self.jsonString(role) }
            for field in fields {
                let key = ["ts", "level", "msg", "role"].contains(field.key) ? "field_" + field.key : field.key
                line += "," + Self.jsonString(key) + ":" + Self.jsonValue(field.value)
            }
            return line + "}\n"
        }
    }

    /// `ERROR`, `WARN `, `INFO `, `DEBUG`, coloured when asked.
    private func humanLevel(_ level: LogLevel) -> String {
        let name = level.description.uppercased().padding(toLength: 5)
        guard colours else { return name }
        let code = switch level {
        case .error: "31"
        case .warn: "33"
        case .info: "32"
        case .debug: "90"
        }
        return "\u{1B}[\(code)m\(name)\u{1B}[0m"
    }

    /// ISO-8601 UTC with milliseconds, e.g. `2026-12-04T21:23:18.123Z`.
    static func timestamp(_ time: timespec) -> String {
        var seconds = time.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let milliseconds = Int(time.tv_nsec / 1_000_000)
        let millisecondText = String(milliseconds).leftPadded(toLength: 3)
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(millisecondText)Z"
    }

    /// A human field value: bare when simple, JSON-quoted when it has spaces, quotes, `=` or is empty.
    static func humanValue(_ value: LogValue) -> String {
        guard case .string(let text) = value else { return value.description }
        let needsQuotes = text.isEmpty || text.unicodeScalars.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.value < 0x20 || $0.value == 0x7F }
        return needsQuotes ? jsonString(text) : text
    }

    static func jsonValue(_ value: LogValue) -> String {
        switch value {
        case .string(let text): jsonString(text)
        case .int(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        }
    }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        "\"" + escape(text, quotes: true) + "\""
    }

    /// Keeps a message on one line: control characters become `\n`, `\t`, `\u00XX`.
    static func escapeControlCharacters(_ text: String) -> String {
        escape(text, quotes: false)
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (quotes && ($0 == "\"" || $0 == "\\")) }) else {
            return text
        }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"" where quotes: result += "\\\""
            case "\\" where quotes: result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\u" + String(scalar.value, radix: 16).leftPadded(toLength: 4)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension String {
    /// Pads with trailing spaces to `length` characters.
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }

    /// Pads with leading zeros to `length` characters.
    fileprivate func leftPadded(toLength length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
