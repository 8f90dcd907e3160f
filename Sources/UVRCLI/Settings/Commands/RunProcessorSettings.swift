import Foundation

/// Settings of `uvrctl run-processor`.
public struct RunProcessorSettings: CommandSettings {
    public var kafka: KafkaConnectionSettings
    /// `--pid-dir`; the PID file is `processor.pid` in it.
    public var pidDirectory: URL
    public var taskTopic: String
    public var resultTopic: String
    /// `--processor-group` / KAFKA_PROCESSOR_GROUP_ID.
    public var processorGroup: String
    /// `--input-dir`: every task's audio_path must resolve inside it.
    public var inputDirectory: URL
    public var outputDirectory: URL
    public var separator: SeparatorSettings
    /// `--concurrency`, at least 1.
    public var concurrency: Int
    public var drainTimeout: Duration
    public var deleteInput: Bool
    public var metricsFile: URL?
    public var metricsInterval: Duration

    public init(resolving resolver: SettingsResolver) throws(CLIError) {
        kafka = try KafkaConnectionSettings(resolving: resolver)
        pidDirectory = try resolver.path("pid-dir")!
        taskTopic = try resolver.required("task-topic")
        resultTopic = try resolver.required("result-topic")
        processorGroup = try resolver.required("processor-group")
        inputDirectory = try resolver.path("input-dir")!
        outputDirectory = try resolver.path("output-dir")!
        separator = try SeparatorSettings(resolving: resolver)
        concurrency = try resolver.integer("concurrency", in: 1...1024)!
        drainTimeout = try resolver.duration("drain-timeout")!
        deleteInput = resolver.flag("delete-input")
        metricsFile = try resolver.path("metrics-file")
        metricsInterval = try resolver.duration("metrics-interval")!
    }
}
