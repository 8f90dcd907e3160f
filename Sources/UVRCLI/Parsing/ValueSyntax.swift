import Foundation

/// Checks and converts option values by their table kind; shared by the parser (flags, exit 64)
/// and the settings resolver (environment and env file, exit 78) so both say the same thing.
enum ValueSyntax {
    /// A whole number, or nil.
    static func integer(_ text: String) -> Int? { Int(text.trimmingCharacters(in: .whitespaces)) }

    /// A duration: seconds as a number (`540`, `2.5`) or with a unit `ms`, `s`, `m`, `h`; nil when malformed or negative.
    static func duration(_ text: String) -> Duration? {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        var number = text.trimmingCharacters(in: .whitespaces)
        var scale = 1.0
        for unit in units where number.hasSuffix(unit.suffix) {
            number.removeLast(unit.suffix.count)
            scale = unit.seconds
            break
        }
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        return .milliseconds(Int64((value * scale * 1000).rounded()))
    }

    /// What is wrong with `value` for a setting of `kind`, or nil when it is acceptable.
    static func problem(with value: String, kind: OptionSpec.ValueKind) -> String? {
        switch kind {
        case .integer:
            return integer(value) == nil ? "expected a whole number" : nil
        case .duration:
            return duration(value) == nil ? "expected seconds (e.g. 30, 2.5, 500ms, 10m)" : nil
        case .choice(let choices):
            guard !choices.contains(value) else { return nil }
            return "expected one of \(choices.joined(separator: ", "))" + Suggestion.hint(for: value, in: choices)
        case .keyValue:
            guard let equals = value.firstIndex(of: "="), equals != value.startIndex else { return "expected key=value" }
            return nil
        case .none, .text, .file, .directory, .url:
            return value.isEmpty ? "expected a non-empty value" : nil
        }
    }
}
