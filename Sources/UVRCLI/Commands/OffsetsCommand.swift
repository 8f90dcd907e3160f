import UVRCore
import UVRKafka

/// `uvrctl offsets`: committed offsets, log-end offsets and lag.
///
/// Built from committed-offset and watermark queries, so it works on any broker (the dev broker
/// included); member columns appear only where the broker answers group-describe requests.
/// Exit 0; 2 when `--max-lag` is exceeded; 69 without a broker; 1 when a query fails.
enum OffsetsCommand: CommandBody {
    static let path = ["offsets"]

    static func run(_ settings: OffsetsSettings, context: CommandContext) async throws -> ExitCode {
        let logger = try RoleSetup.logger(context, role: nil, secrets: settings.kafka.properties.filter { Redactor.isSensitiveKey($0.key) }.map(\.value))
        let config = try RoleSetup.kafkaConfig(settings.kafka, logger: logger).loggingErrorsOnly()
        try await RoleSetup.requireReachableOffPool(config, topic: settings.topics.first ?? settings.taskTopic, timeout: settings.timeout)
        let query: OffsetsQuery
        do throws(KafkaError) {
            query = try OffsetsQuery(config: config)
        } catch {
            throw CLIError.configuration("Kafka: \(error)")
        }
        let collected: Result<(rows: [OffsetRow], skippedTopics: [String]), CLIError> = await collect(settings, query: query)
        _ = await onDedicatedThread(named: "offsets-close") { query.close(timeout: .seconds(2)) }
        let (rows, skippedTopics) = try collected.get()
        for topic in skippedTopics {
            context.output.standardError("\(CommandTable.program): note: topic \(topic) does not exist; not reported\n")
        }
        context.output.standardOutput(settings.json ? OffsetsTable.json(rows) : OffsetsTable.text(rows))

        guard let maxLag = settings.maxLag else { return .success }
        let over = rows.filter { $0.lag > Int64(maxLag) }
        guard let worst = over.max(by: { $0.lag < $1.lag }) else { return .success }
        context.output.error("lag exceeds --max-lag \(maxLag) on \(over.count) partition(s); worst: group \(worst.group) on \(worst.topic)[\(worst.partition)], lag \(worst.lag)")
        return .healthCheckFailed
    }

    /// The rows of every group, in the order the groups were given.
    private static func collect(_ settings: OffsetsSettings, query: OffsetsQuery) async -> Result<(rows: [OffsetRow], skippedTopics: [String]), CLIError> {
        let collector = OffsetsCollector(query: query, timeout: settings.timeout)
        var rows: [OffsetRow] = []
        do {
            for group in settings.groups {
                let topics = settings.topics.isEmpty ? settings.defaultTopics(of: group) : settings.topics
                rows += try await collector.rows(group: group, topics: topics, fallbackTopics: [settings.taskTopic, settings.resultTopic])
            }
        } catch let missing as OffsetsCollector.MissingTopic {
            return .failure(.failure("--topic \(missing.topic): the topic does not exist"))
        } catch {
            return .failure(.failure("Kafka: \(error)"))
        }
        return .success((rows, collector.skippedTopics))
    }
}
