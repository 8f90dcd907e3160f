/// Settings of `uvrctl offsets`.
public struct OffsetsSettings: CommandSettings {
    public var kafka: KafkaConnectionSettings
    /// `--group`, repeatable; defaults to the processor and uploader groups (from their env names).
    public var groups: [String]
    /// `--topic`, repeatable; empty means each group's default topics (`defaultTopics(of:)`).
    public var topics: [String]
    public var json: Bool
    /// `--max-lag`: exit 2 when any partition's lag exceeds it.
    public var maxLag: Int?
    /// `--timeout`: the deadline of each broker request.
    public var timeout: Duration
    /// `--task-topic`: the topic the processor group consumes.
    public var taskTopic: String
    /// `--result-topic`: the topic the uploader group consumes.
    public var resultTopic: String
    /// The processor group as KAFKA_PROCESSOR_GROUP_ID (environment or env file) names it.
    public var processorGroup: String
    /// The uploader group as KAFKA_UPLOADER_GROUP_ID (environment or env file) names it.
    public var uploaderGroup: String

    public init(resolving resolver: SettingsResolver) throws(CLIError) {
        kafka = try KafkaConnectionSettings(resolving: resolver)
        let pipelineGroups = DefaultGroups.resolve(resolver)
        processorGroup = pipelineGroups[0]
        uploaderGroup = pipelineGroups[1]
        groups = resolver.list("group")
        if groups.isEmpty { groups = pipelineGroups }
        topics = resolver.list("topic")
        json = resolver.flag("json")
        maxLag = try resolver.integer("max-lag", in: 0...Int.max)
        timeout = try resolver.duration("timeout")!
        taskTopic = try resolver.required("task-topic")
        resultTopic = try resolver.required("result-topic")
    }

    /// The topics reported for `group` without `--topic`: the task topic for the processor group,
    /// the result topic for the uploader group; nil for any other group, meaning "the pipeline
    /// topics it has committed offsets on (both when it has none)".
    public func defaultTopics(of group: String) -> [String]? {
        let topics = (group == processorGroup ? [taskTopic] : []) + (group == uploaderGroup ? [resultTopic] : [])
        return topics.isEmpty ? nil : topics
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
