import Testing
@testable import UVRKafka

@Suite struct KafkaConfigTests {
    /// An unknown property, an invalid value, and an unknown secret-looking property whose value
    /// must not be echoed: each is a configuration error naming the property.
    @Test(arguments: [("no.such.property", "1"), ("acks", "sometimes"), ("my.secret.token", "hunter2")])
    func badPropertyIsRejectedNamingIt(_ key: String, _ value: String) {
        let config = KafkaConfig(bootstrapServers: "127.0.0.1:9092", properties: [key: value])
        do {
            try config.validate()
            Issue.record("\(key)=\(value) was accepted")
        } catch {
            #expect(error.code == .configuration)
            #expect(error.message.contains("'\(key)'"))
            if KafkaConfig.isSecret(key: key) { #expect(!error.description.contains(value)) }
        }
    }

    @Test func unknownPropertyAlsoFailsClientCreation() {
        let config = KafkaConfig(bootstrapServers: "127.0.0.1:9092", properties: ["bogus.timeout.ms": "5"])
        #expect(throws: KafkaError.self) { _ = try Producer(config: config) }
        #expect(throws: KafkaError.self) { _ = try Consumer(config: config, groupID: "g") }
    }

    @Test func validConfigurationPasses() throws {
        try KafkaConfig(bootstrapServers: "127.0.0.1:9092", properties: ["socket.timeout.ms": "5000"]).validate()
    }

    @Test func redactedMasksSecretValues() {
        let config = KafkaConfig(bootstrapServers: "broker:9092", properties: [
            "sasl.password": "p4ss", "ssl.key.location": "/etc/key.pem", "client.secret": "s3cr3t", "acks": "all",
        ])
        let text = config.redacted
        #expect(!text.contains("p4ss") && !text.contains("/etc/key.pem") && !text.contains("s3cr3t"))
        #expect(text.contains("sasl.password=***"))
        #expect(text.contains("acks=all") && text.contains("bootstrap.servers=broker:9092"))
    }

    @Test func logLinesReachTheHandler() throws {
        let lines = Collected<String>()
        var config = KafkaConfig(bootstrapServers: "127.0.0.1:1", properties: ["debug": "generic"])
        config.logHandler = { _, facility, message in lines.append("\(facility) \(message)") }
        let producer = try Producer(config: config)
        producer.close(timeout: .seconds(1))
        #expect(!lines.values.isEmpty)
    }
}
