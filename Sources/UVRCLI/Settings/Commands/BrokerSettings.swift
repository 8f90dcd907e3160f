import Foundation

/// Settings of `uvrctl broker`.
public struct BrokerSettings: CommandSettings {
    /// `--partitions` of the task and result topics.
    public var partitions: Int
    /// `--brokers`: how many mock brokers.
    public var brokers: Int
    /// `--bootstrap-file`: also write the KAFKA_BOOTSTRAP_SERVERS line here.
    public var bootstrapFile: URL?
    public var taskTopic: String
    public var resultTopic: String

    public init(resolving resolver: SettingsResolver) throws(CLIError) {
        partitions = try resolver.integer("partitions", in: 1...10_000)!
        brokers = try resolver.integer("brokers", in: 1...32)!
        bootstrapFile = try resolver.path("bootstrap-file")
        taskTopic = try resolver.required("task-topic")
        resultTopic = try resolver.required("result-topic")
    }
}
