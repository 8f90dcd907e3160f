/// A Prometheus text-format file parsed strictly enough to catch a malformed line.
struct PrometheusSamples {
    struct Sample: Equatable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    /// The samples, in file order.
    let samples: [Sample]
    /// The `# TYPE` of each family.
    let types: [String: String]

    /// Parses `text`; nil when a line is neither a comment nor `name{label="value",…} number`.
    init?(_ text: String) {
        var samples: [Sample] = []
        var types: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4 else { return nil }
                types[String(parts[2])] = String(parts[3])
                continue
            }
            if line.hasPrefix("# HELP ") { continue }
            guard let sample = Self.sample(Substring(line)) else { return nil }
            samples.append(sample)
        }
        guard text.hasSuffix("\n") else { return nil }
        self.samples = samples
        self.types = types
    }

    /// The value of the one sample named `name` whose labels include `labels`.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let matching = samples.filter { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
        return matching.count == 1 ? matching[0].value : nil
    }

    private static func sample(_ line: Substring) -> Sample? {
        guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...] == "+Inf" ? "inf" : String(line[line.index(after: space)...])) else { return nil }
        let series = line[..<space]
        let name = series.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }
        guard !name.isEmpty, name.first?.isNumber == false else { return nil }
        var rest = series.dropFirst(name.count)
        var labels: [String: String] = [:]
        if !rest.isEmpty {
            guard rest.first == "{", rest.last == "}" else { return nil }
            rest = rest.dropFirst().dropLast()
            while !rest.isEmpty {
                let key = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                rest = rest.dropFirst(key.count)
                guard !key.isEmpty, rest.hasPrefix("=\"") else { return nil }
                rest = rest.dropFirst(2)
                var value = ""
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    if character == "\\" {
                        guard let escaped = rest.first else { return nil }
                        value.append(escaped == "n" ? "\n" : escaped)
                        rest = rest.dropFirst()
                    } else {
                        value.append(character)
                    }
                }
                guard rest.first == "\"" else { return nil }
                rest = rest.dropFirst()
                labels[String(key)] = value
                if rest.first == "," { rest = rest.dropFirst() } else if !rest.isEmpty { return nil }
            }
        }
        return Sample(name: String(name), labels: labels, value: value)
    }
}
