import Foundation

/// Settings of `uvrctl offsets reset`.
public struct OffsetsResetSettings: CommandSettings {
    /// A topic, with the partitions to move or nil for all of them (`--topic T[:p,…]`).
    public struct TopicSelection: Sendable, Equatable {
        public var topic: String
        public var partitions: [Int32]?
    }

    /// Which partitions move.
    public enum Scope: Sendable, Equatable {
        /// `--topic`, one or more.
        case topics([TopicSelection])
        /// `--all-topics`.
        case allTopics
    }

    /// Where the offsets move to.
    public enum Target: Sendable, Equatable {
        case earliest
        case latest
        case offset(Int64)
        /// The first offset whose timestamp is at or after this date.
        case datetime(Date)
        /// Current offset plus this (negative moves back).
        case shiftBy(Int64)
    }

    public var kafka: KafkaConnectionSettings
    public var group: String
    public var scope: Scope
    public var target: Target
    /// `--execute`: apply the plan; without it only print it.
    public var execute: Bool
    public var timeout: Duration

    public init(resolving resolver: SettingsResolver) throws(CLIError) {
        kafka = try KafkaConnectionSettings(resolving: resolver)
        group = try resolver.required("group")
        execute = resolver.flag("execute")
        timeout = try resolver.duration("timeout")!
        let topicWords = resolver.list("topic")
        switch (topicWords.isEmpty, resolver.flag("all-topics")) {
        case (true, false): throw .usage("'offsets reset' needs '--topic <topic[:p,...]>' or '--all-topics'")
        case (false, true): throw .usage("'--topic' and '--all-topics' exclude each other")
        case (true, true): scope = .allTopics
        case (false, false): scope = .topics(try topicWords.map(Self.topicSelection))
        }
        target = try Self.target(resolver)
    }

    /// Parses `topic` or `topic:0,2,5`.
    static func topicSelection(_ word: String) throws(CLIError) -> TopicSelection {
        let parts = word.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let topic = parts.first, !topic.isEmpty else { throw .usage("invalid value '\(word)' for '--topic': expected topic[:p,...]") }
        guard parts.count == 2 else { return TopicSelection(topic: String(topic), partitions: nil) }
        var partitions: [Int32] = []
        for item in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
            guard let partition = Int32(item.trimmingCharacters(in: .whitespaces)), partition >= 0 else {
                throw .usage("invalid partition '\(item)' in '--topic \(word)': expected a number >= 0")
            }
            partitions.append(partition)
        }
        return TopicSelection(topic: String(topic), partitions: partitions)
    }

    private static func target(_ resolver: SettingsResolver) throws(CLIError) -> Target {
        let given = ["to-earliest", "to-latest", "to-offset", "to-datetime", "shift-by"].filter(resolver.flag)
        guard given.count == 1, let choice = given.first else {
            let which = given.isEmpty ? "needs one of" : "takes only one of"
            throw .usage("'offsets reset' \(which) --to-earliest, --to-latest, --to-offset, --to-datetime, --shift-by")
        }
        switch choice {
        case "to-earliest": return .earliest
        case "to-latest": return .latest
        case "to-offset": return .offset(Int64(try resolver.integer("to-offset", in: 0...Int.max)!))
        case "shift-by": return .shiftBy(Int64(try resolver.integer("shift-by")!))
        default:
            let text = try resolver.required("to-datetime")
            guard let date = Self.parseDate(text) else {
                throw resolver.invalid("to-datetime", value: text, source: .flag("--to-datetime"),
                                       "expected ISO 8601, e.g. 2026-12-04T21:00:00Z")
            }
            return .datetime(date)
        }
    }

    /// ISO 8601 with or without fractional seconds; a date alone means midnight UTC.
    static func parseDate(_ text: String) -> Date? {
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime], [.withFullDate]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
