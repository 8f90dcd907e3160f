import Testing
@testable import UVRKafka

@Suite struct KafkaConfigTests {
    @Test func unknownPropertyIsRejectedNamingIt() {
        let config = KafkaConfig(bootstrapServers: "127.0.0.1:9092", properties: ["no.such.property": "1"])
        #expect {
            try config.validate()
        } throws: { error in
            let kafkaError = error as? KafkaError
            return kafkaError?.code == .configuration && kafkaError?.message.contains("'no.such.property'") == true
        }
    }

    @Test func unknownPropertyAlsoFailsClientCreation() {
        let config = KafkaConfig(bootstrapServers: "127.0.0.1:9092", properties: ["bogus.timeout.ms": "5"])
        #expect(throws: KafkaError.self) { _ = try Producer(config: config) }
        #expect(throws: KafkaError.self) { _ = try Consumer(config: config, groupID: "g") }
    }

    @Test func invalidValueIsRejectedNamingTheProperty() throws {
        let config = KafkaConfig(bootstrapServers: "127.0.0.1:9092", properties: ["acks": "sometimes"])
        do {
            try config.validate()
            Issue.record("an invalid acks value was accepted")
        } catch {
            #expect(error.code == .configuration)
            #expect(error.message.contains("'acks'"))
        }
    }

    @Test func rejectedSecretPropertyNeverEchoesItsValue() throws {
        let config = KafkaConfig(bootstrapServers: "127.0.0.1:9092", properties: ["my.secret.token": "hunter2"])
        do {
            try config.validate()
            Issue.record("an unknown property was accepted")
        } catch {
            #expect(error.message.contains("'my.secret.token'"))
            #expect(!error.description.contains("hunter2"))
        }
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
