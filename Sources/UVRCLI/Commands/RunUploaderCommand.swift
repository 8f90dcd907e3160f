import Foundation
import UVRCore
import UVRKafka

/// `uvrctl run-uploader`: consume results, upload stems, call the webhook, commit.
enum RunUploaderCommand: CommandBody {
    static let path = ["run-uploader"]

    static func run(_ settings: RunUploaderSettings, context: CommandContext) async throws -> ExitCode {
        let secrets = settings.kafka.properties.filter { Redactor.isSensitiveKey($0.key) }.map(\.value)
            + (settings.webhookSecret.map { [$0.value] } ?? [])
        let logger = try RoleSetup.logger(context, role: "uploader", secrets: secrets)
        let config = try RoleSetup.kafkaConfig(settings.kafka, logger: logger)
        let configuration = try uploaderConfiguration(settings)
        if case .directory(let path) = configuration.destination {
            try RoleSetup.ensureDirectory(URL(fileURLWithPath: path), flag: "--upload-to")
        }
        try await RoleSetup.requireReachableOffPool(config, topic: settings.resultTopic, timeout: .seconds(10))
        let producer = try RoleSetup.producer(config)
        let job = UploaderJob(producer: producer, configuration: configuration)
        let loopSettings = ConsumerLoopSettings(role: .uploader, topic: settings.resultTopic, groupID: settings.uploaderGroup,
                                                concurrency: settings.runtime.concurrency, drainTimeout: settings.runtime.drainTimeout)
        logger.info("Uploader starting: \(settings.kafka), topic \(settings.resultTopic) → \(describe(configuration.destination)), " +
                    "group \(settings.uploaderGroup), dead letters to \(settings.deadLetterTopic), concurrency \(settings.runtime.concurrency), " +
                    "webhooks \(settings.webhookSecret == nil ? "unsigned" : "signed")")
        return try await RoleSetup.runRole(.uploader, runtime: settings.runtime, loopSettings: loopSettings, config: config,
                                           producer: producer, job: job, logger: logger, context: context)
    }

    /// The delivery configuration of `settings`; a bad `--upload-to` or `--allow-hosts` is a configuration error.
    static func uploaderConfiguration(_ settings: RunUploaderSettings) throws(CLIError) -> UploaderConfiguration {
        do throws(DeliveryFailure) {
            let destination = try UploadDestination(parsing: settings.uploadTo.absoluteString)
            let policy = try URLPolicy(allowHosts: settings.allowedHosts.joined(separator: ","))
            let retries = RetryPolicy(maxAttempts: settings.maxAttempts, retryFor: settings.retryFor / .seconds(1))
            return UploaderConfiguration(destination: destination, hookPolicy: policy, webhookSecret: settings.webhookSecret?.value,
                                         requestTimeout: settings.requestTimeout / .seconds(1), retryPolicy: retries,
                                         deadLetterTopic: settings.deadLetterTopic, keepLocal: settings.keepLocal)
        } catch {
            throw .configuration(error.reason)
        }
    }

    private static func describe(_ destination: UploadDestination) -> String {
        switch destination {
        case .directory(let path): path
        case .http(let baseURL): baseURL
        }
    }
}
