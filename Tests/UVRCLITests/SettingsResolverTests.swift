import Foundation
import Testing
@testable import UVRCLI

@Suite struct SettingsResolverTests {
    /// Writes an env file into a fresh temporary directory and returns its path.
    func envFile(_ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("uvrctl-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("uvrctl.env")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func resolver(_ arguments: [String], _ environment: [String: String] = [:]) throws -> SettingsResolver {
        try SettingsResolver(invocation: ArgumentParser().parse(arguments), environment: environment)
    }

    @Test func precedenceIsFlagThenEnvironmentThenEnvFileThenDefault() throws {
        let file = try envFile("KAFKA_TASK_TOPIC=from-file\nKAFKA_RESULT_TOPIC=file-results\nKAFKA_PROCESSOR_GROUP_ID=file-group\n")
        let environment = ["KAFKA_TASK_TOPIC": "from-env", "KAFKA_RESULT_TOPIC": "env-results"]
        let arguments = ["--env-file", file, "run-processor", "--task-topic", "from-flag"]
        let settings = try RunProcessorSettings(resolving: resolver(arguments, environment))
        #expect(settings.taskTopic == "from-flag")
        #expect(settings.resultTopic == "env-results")
        #expect(settings.processorGroup == "file-group")
        #expect(settings.kafka.bootstrapServers == "localhost:9092")

        let source = try resolver(arguments, environment)
        #expect(source.raw("task-topic")?.source == .flag("--task-topic"))
        #expect(source.raw("result-topic")?.source == .environment("KAFKA_RESULT_TOPIC"))
        #expect(source.raw("processor-group")?.source == .envFile(path: file, variable: "KAFKA_PROCESSOR_GROUP_ID", line: 3))
        #expect(source.raw("bootstrap-servers")?.source == .defaultValue)
    }

    @Test func processorDefaultsAreTyped() throws {
        let settings = try RunProcessorSettings(resolving: resolver(["run-processor"]))
        let cwd = FileManager.default.currentDirectoryPath
        #expect(settings.inputDirectory.path == URL(fileURLWithPath: cwd).appendingPathComponent("data/in").path)
        #expect(settings.runtime.pidDirectory.lastPathComponent == ".pids")
        #expect(settings.runtime.drainTimeout == .seconds(540))
        #expect(settings.runtime.concurrency == 1)
        #expect(settings.separator.kind == .spectral && settings.separator.command == nil && settings.separator.format == .wav)
        #expect(settings.runtime.metricsFile == nil)
        #expect(!settings.deleteInput)
    }

    @Test func durationsAcceptUnits() throws {
        let settings = try RunProcessorSettings(resolving: resolver(["run-processor", "--drain-timeout", "1.5", "--metrics-interval=2m"]))
        #expect(settings.runtime.drainTimeout == .milliseconds(1500))
        #expect(settings.runtime.metricsInterval == .seconds(120))
        #expect(ValueSyntax.duration("250ms") == .milliseconds(250))
        #expect(ValueSyntax.duration("-1") == nil)
    }

    @Test func badEnvironmentValueIsAConfigurationErrorNamingTheVariable() throws {
        let environment = ["UVRCTL_LOG_LEVEL": "loud"]
        #expect(throws: CLIError.configuration("invalid value 'loud' in UVRCTL_LOG_LEVEL (environment): expected one of error, warn, info, debug")) {
            try GlobalSettings(resolving: resolver(["status"], environment))
        }
    }

    @Test func badEnvFileValueNamesFileAndLine() throws {
        let file = try envFile("# settings\n\nexport UVRCTL_LOG_FORMAT=xml\n")
        #expect(throws: CLIError.configuration("invalid value 'xml' in UVRCTL_LOG_FORMAT (\(file):3): expected one of text, json")) {
            try GlobalSettings(resolving: resolver(["--env-file", file, "status"]))
        }
    }

    @Test func outOfRangeFlagIsAUsageError() throws {
        #expect(throws: CLIError.usage("invalid value '0' for '--concurrency': expected a whole number from 1 to 1024")) {
            try RunProcessorSettings(resolving: resolver(["run-processor", "--concurrency", "0"]))
        }
    }

    @Test func separatorCommandAloneImpliesTheCommandSeparator() throws {
        let settings = try SeparateSettings(resolving: resolver(["separate", "a.wav", "--separator-command", "tool {input}"]))
        #expect(settings.separator.kind == .command)
        #expect(throws: CLIError.usage("'--separator command' needs '--separator-command <argv>'")) {
            try SeparateSettings(resolving: resolver(["separate", "a.wav", "--separator", "command"]))
        }
    }

    @Test func uploaderURLsAndSecret() throws {
        let settings = try RunUploaderSettings(resolving: resolver(
            ["run-uploader", "--upload-to", "https://cdn.example/stems/", "--allow-hosts", "a.example, *.b.example"],
            ["UVRCTL_WEBHOOK_SECRET": "s3cr3t"]))
        #expect(settings.uploadTo.absoluteString == "https://cdn.example/stems/")
        #expect(settings.allowedHosts == ["a.example", "*.b.example"])
        #expect(settings.webhookSecret?.value == "s3cr3t")
        #expect("\(settings.webhookSecret!)" == Redaction.placeholder)
        let plainPath = try RunUploaderSettings(resolving: resolver(["run-uploader"]))
        #expect(plainPath.uploadTo.isFileURL && plainPath.uploadTo.path.hasSuffix("data/published"))
        #expect(throws: CLIError.usage("invalid value 'gopher://x/' for '--upload-to': expected an http, https or file URL")) {
            try RunUploaderSettings(resolving: resolver(["run-uploader", "--upload-to", "gopher://x/"]))
        }
    }

    @Test func kafkaPropertiesAreCollectedInOrder() throws {
        let settings = try OffsetsSettings(resolving: resolver(["offsets", "-X", "security.protocol=SSL", "-X", "sasl.password=p=w"]))
        #expect(settings.kafka.properties == [KafkaProperty(key: "security.protocol", value: "SSL"), KafkaProperty(key: "sasl.password", value: "p=w")])
        #expect(settings.kafka.description == "bootstrap.servers=localhost:9092 security.protocol=SSL sasl.password=\(Redaction.placeholder)")
    }

    @Test func offsetsDefaultGroupsFollowTheGroupVariables() throws {
        let settings = try OffsetsSettings(resolving: resolver(["offsets"], ["KAFKA_UPLOADER_GROUP_ID": "up"]))
        #expect(settings.groups == ["uvr-processor", "up"])
        #expect(try OffsetsSettings(resolving: resolver(["offsets", "--group", "g"])).groups == ["g"])
    }

    @Test func offsetsDefaultTopicsFollowTheGroupsRoles() throws {
        let settings = try OffsetsSettings(resolving: resolver(
            ["offsets", "--task-topic", "jobs"], ["KAFKA_PROCESSOR_GROUP_ID": "proc", "KAFKA_RESULT_TOPIC": "done"]))
        #expect(settings.defaultTopics(of: "proc") == ["jobs"])
        #expect(settings.defaultTopics(of: "uvr-uploader") == ["done"])
        #expect(settings.defaultTopics(of: "analytics") == nil)
    }

    @Test func offsetsResetScopeAndTarget() throws {
        let settings = try OffsetsResetSettings(resolving: resolver(
            ["offsets", "reset", "--group", "g", "--topic", "t:0,2", "--topic", "u", "--to-datetime", "2026-12-04T20:00:00Z"]))
        #expect(settings.scope == .topics([.init(topic: "t", partitions: [0, 2]), .init(topic: "u", partitions: nil)]))
        #expect(settings.target == .datetime(Date(timeIntervalSince1970: 1_796_414_400)))
        #expect(!settings.execute)
        #expect(throws: CLIError.usage("'offsets reset' takes only one of --to-earliest, --to-latest, --to-offset, --to-datetime, --shift-by")) {
            try OffsetsResetSettings(resolving: resolver(["offsets", "reset", "--group", "g", "--all-topics", "--to-earliest", "--to-latest"]))
        }
        #expect(throws: CLIError.usage("missing option '--group <group>' for 'offsets reset'")) {
            try OffsetsResetSettings(resolving: resolver(["offsets", "reset", "--all-topics", "--to-latest"]))
        }
        #expect(throws: CLIError.usage("invalid partition 'x' in '--topic t:x': expected a number >= 0")) {
            try OffsetsResetSettings(resolving: resolver(["offsets", "reset", "--group", "g", "--topic", "t:x", "--to-latest"]))
        }
    }

    @Test func stopRolesAndSignal() throws {
        let all = try StopSettings(resolving: resolver(["stop"]))
        #expect(all.roles == [.processor, .uploader])
        #expect(all.timeout == .seconds(600))
        #expect(all.signal == .TERM)
        let one = try StopSettings(resolving: resolver(["stop", "uploader", "--signal", "INT", "--timeout", "2"]))
        #expect(one.roles == [.uploader] && one.signal.number == SIGINT && one.timeout == .seconds(2))
    }

    @Test func brokerDefaults() throws {
        let settings = try BrokerSettings(resolving: resolver(["broker"], ["KAFKA_TASK_TOPIC": "t"]))
        #expect(settings.partitions == 3 && settings.brokers == 1 && settings.taskTopic == "t" && settings.bootstrapFile == nil)
    }
}
