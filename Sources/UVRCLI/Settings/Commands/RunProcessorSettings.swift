import Foundation

/// Settings of `uvrctl run-processor`.
public struct RunProcessorSettings: CommandSettings {
    public var kafka: KafkaConnectionSettings
    /// PID directory, concurrency, drain timeout, metrics.
    public var runtime: RoleRuntimeSettings
    public var taskTopic: String
    public var resultTopic: String
    /// `--processor-group` / KAFKA_PROCESSOR_GROUP_ID.
    public var processorGroup: String
    /// `--input-dir`: every task's audio_path must resolve inside it.
    public var inputDirectory: URL
    public var outputDirectory: URL
    public var separator: SeparatorSettings
    public var deleteInput: Bool

    public init(resolving resolver: SettingsResolver) throws(CLIError) {
        kafka = try KafkaConnectionSettings(resolving: resolver)
        runtime = try RoleRuntimeSettings(resolving: resolver)
        taskTopic = try resolver.required("task-topic")
        resultTopic = try resolver.required("result-topic")
        processorGroup = try resolver.required("processor-group")
        inputDirectory = try resolver.path("input-dir")!
        outputDirectory = try resolver.path("output-dir")!
        separator = try SeparatorSettings(resolving: resolver)
        deleteInput = resolver.flag("delete-input")
    }
}
