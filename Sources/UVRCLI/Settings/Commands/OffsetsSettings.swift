/// Settings of `uvrctl offsets`.
public struct OffsetsSettings: CommandSettings {
    public var kafka: KafkaConnectionSettings
    /// `--group`, repeatable; defaults to the processor and uploader groups (from their env names).
    public var groups: [String]
    /// `--topic`, repeatable; empty means the topics each group consumes.
    public var topics: [String]
    public var json: Bool
    /// `--max-lag`: exit 2 when any partition's lag exceeds it.
    public var maxLag: Int?
    /// `--timeout`: the deadline of each broker request.
    public var timeout: Duration

    public init(resolving resolver: SettingsResolver) throws(CLIError) {
        kafka = try KafkaConnectionSettings(resolving: resolver)
        groups = resolver.list("group")
        if groups.isEmpty { groups = DefaultGroups.resolve(resolver) }
        topics = resolver.list("topic")
        json = resolver.flag("json")
        maxLag = try resolver.integer("max-lag", in: 0...Int.max)
        timeout = try resolver.duration("timeout")!
    }
}

/// The processor and uploader groups as their environment or env file names them, else the defaults.
enum DefaultGroups {
    /// `[processor group, uploader group]`.
    static func resolve(_ resolver: SettingsResolver) -> [String] {
        let named = [("KAFKA_PROCESSOR_GROUP_ID", "uvr-processor"), ("KAFKA_UPLOADER_GROUP_ID", "uvr-uploader")]
        return named.map { variable, fallback in
            resolver.environment[variable] ?? resolver.envFile?.entries[variable]?.value ?? fallback
        }
    }
}
