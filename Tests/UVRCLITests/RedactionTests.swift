import Testing
@testable import UVRCLI

@Suite struct RedactionTests {
    @Test(arguments: [
        ("sasl.password", true), ("ssl.key.password", true), ("ssl.key.location", true),
        ("sasl.oauthbearer.client.secret", true), ("SASL.PASSWORD", true),
        ("security.protocol", false), ("bootstrap.servers", false),
    ])
    func secretKeys(key: String, secret: Bool) {
        #expect(Redaction.isSecret(key: key) == secret)
    }

    @Test func propertiesPrintRedacted() {
        #expect(KafkaProperty(parsing: "sasl.password=hunter2")?.description == "sasl.password=\(Redaction.placeholder)")
        #expect(KafkaProperty(parsing: "client.id=a=b")?.description == "client.id=a=b")
        #expect(KafkaProperty(parsing: "=x") == nil)
    }

    @Test func argumentsPrintRedacted() {
        let redacted = Redaction.redactArguments([
            "run-uploader", "-X", "sasl.password=hunter2", "-Xssl.key.password=k", "--webhook-secret", "s3",
            "--webhook-secret=s4", "-X", "linger.ms=5", "--task-topic", "t",
        ])
        let p = Redaction.placeholder
        #expect(redacted == [
            "run-uploader", "-X", "sasl.password=\(p)", "-Xssl.key.password=\(p)", "--webhook-secret", p,
            "--webhook-secret=\(p)", "-X", "linger.ms=5", "--task-topic", "t",
        ])
        #expect(!redacted.joined().contains("hunter2"))
    }

    @Test func secretsNeverReachErrorMessages() async {
        let result = await runCLI(["run-uploader", "--webhook-secret", "hunter2", "--max-attempts", "x"])
        #expect(result.status == 64)
        #expect(!result.err.contains("hunter2"))
    }
}
