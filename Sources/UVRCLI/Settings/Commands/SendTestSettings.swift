import Foundation

/// Settings of `uvrctl send-test`.
public struct SendTestSettings: CommandSettings {
    public var kafka: KafkaConnectionSettings
    /// `--count`, at least 1.
    public var count: Int
    /// `--file`: the audio to send; nil means generate a test song.
    public var file: URL?
    public var hookURL: URL
    /// `--wait`: wait for the results and report each.
    public var wait: Bool
    /// `--timeout`: how long `--wait` waits.
    public var timeout: Duration
    public var taskTopic: String
    public var resultTopic: String
    /// `--input-dir`: where the audio is written or copied for the processor to read.
    public var inputDirectory: URL

    public init(resolving resolver: SettingsResolver) throws(CLIError) {
        kafka = try KafkaConnectionSettings(resolving: resolver)
        count = try resolver.integer("count", in: 1...1_000_000)!
        file = try resolver.path("file")
        hookURL = try resolver.url("hook-url")!
        wait = resolver.flag("wait")
        timeout = try resolver.duration("timeout")!
        taskTopic = try resolver.required("task-topic")
        resultTopic = try resolver.required("result-topic")
        inputDirectory = try resolver.path("input-dir")!
    }
}
