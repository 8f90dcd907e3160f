/// How to reach Kafka: `--bootstrap-servers` and the `-X` passthrough properties.
public struct KafkaConnectionSettings: CommandSettings, Equatable, CustomStringConvertible {
    /// `--bootstrap-servers` / KAFKA_BOOTSTRAP_SERVERS, comma separated `host:port`.
    public var bootstrapServers: String
    /// `-X key=value` in command-line order, unvalidated: the Kafka layer rejects unknown keys (exit 78).
    public var properties: [KafkaProperty]

    public init(resolving resolver: SettingsResolver) throws(CLIError) {
        bootstrapServers = try resolver.required("bootstrap-servers")
        properties = resolver.list("X").compactMap(KafkaProperty.init(parsing:))
    }

    /// The connection with secret property values redacted.
    public var description: String {
        (["bootstrap.servers=\(bootstrapServers)"] + properties.map(\.description)).joined(separator: " ")
    }
}
