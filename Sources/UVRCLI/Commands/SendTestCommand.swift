import Foundation
import Synchronization
import UVRCore
import UVRKafka

/// `uvrctl send-test`: produce test tasks, optionally wait for results.
///
/// stdout: each task_uuid once the broker acknowledged its task; with `--wait`, one line per
/// result (`<task_uuid> succeeded in 1.84 s: …` or `<task_uuid> failed in …: <error_code>: …`)
/// and a summary. Exit 0 only when every task was produced and (with `--wait`) every result
/// arrived within `--timeout` and succeeded; 1 otherwise, naming the tasks; 69 without a broker.
enum SendTestCommand: CommandBody {
    static let path = ["send-test"]

    /// How long the reachability check and each offsets query may take at most.
    static let brokerCheckLimit = Duration.seconds(10)
    /// librdkafka's default delivery timeout is 5 minutes; a test task fails sooner unless -X says otherwise.
    static let deliveryTimeoutMilliseconds = "30000"

    static func run(_ settings: SendTestSettings, context: CommandContext) async throws -> ExitCode {
        let logger = try RoleSetup.logger(context, role: nil, secrets: settings.kafka.properties.filter { Redactor.isSensitiveKey($0.key) }.map(\.value))
        let config = try RoleSetup.kafkaConfig(settings.kafka, logger: logger)
        let checkLimit = min(brokerCheckLimit, settings.timeout)
        try await RoleSetup.requireReachableOffPool(config, topic: settings.taskTopic, timeout: checkLimit)
        try RoleSetup.ensureDirectory(settings.inputDirectory, flag: "--input-dir")
        let stager = try await makeStager(settings)

        // The result topic's end offsets are taken BEFORE producing, so no result can be missed.
        var watcher: ResultWatcher?
        if settings.wait {
            do throws(KafkaError) {
                watcher = try await ResultWatcher.start(config: config.loggingErrorsOnly(), topic: settings.resultTopic, timeout: checkLimit)
            } catch where error.code == .unknownTopicOrPartition {
                throw CLIError.failure("--wait: result topic \(settings.resultTopic) does not exist")
            } catch {
                throw CLIError.failure("--wait: cannot read result topic \(settings.resultTopic): \(error)")
            }
        }

        let sent: [String: ContinuousClock.Instant]
        do {
            sent = try await produceTasks(settings, config: config, stager: stager, output: context.output)
        } catch {
            await watcher?.close()
            throw error
        }
        guard let watcher else { return .success }

        context.output.standardError("send-test: waiting up to \(seconds(settings.timeout)) for \(sent.count) result(s) on \(settings.resultTopic)\n")
        let output = context.output
        let arrivals = await watcher.collect(sent: sent, until: .now + settings.timeout) { arrival in
            output.line(describe(arrival))
        }
        return report(sent: sent, arrivals: arrivals, timeout: settings.timeout, output: context.output)
    }

    /// The stager for `--file` or the generated song (rendering happens on a dedicated thread).
    private static func makeStager(_ settings: SendTestSettings) async throws(CLIError) -> TestAudioStager {
        let source: TestAudioStager.Source = settings.file.map { .file($0) } ?? .generated(TestSong())
        let inputDirectory = settings.inputDirectory
        let made = await onDedicatedThread(named: "send-test-audio") { () -> Result<TestAudioStager, TestAudioStager.Failure> in
            do throws(TestAudioStager.Failure) {
                return .success(try TestAudioStager(source: source, inputDirectory: inputDirectory))
            } catch {
                return .failure(error)
            }
        }
        switch made {
        case .success(let stager): return stager
        case .failure(let failure): throw .failure(failure.description)
        }
    }

    /// Stages each task's audio, produces the tasks keyed by task_uuid, waits for every delivery
    /// report and prints each acknowledged task_uuid. Returns when each task was produced.
    private static func produceTasks(_ settings: SendTestSettings, config: KafkaConfig, stager: TestAudioStager,
                                     output: TextOutput) async throws(CLIError) -> [String: ContinuousClock.Instant] {
        var producerConfig = config
        if config["message.timeout.ms"] == nil, config["delivery.timeout.ms"] == nil {
            producerConfig["message.timeout.ms"] = deliveryTimeoutMilliseconds
        }
        let producer: Producer
        do throws(KafkaError) {
            producer = try Producer(config: producerConfig)
        } catch {
            throw .configuration("Kafka producer: \(error)")
        }
        let hookURL = settings.hookURL.absoluteString
        var sent: [String: ContinuousClock.Instant] = [:]
        var failures: [String] = []
        for _ in 0..<settings.count {
            let taskUUID = UUID().uuidString.lowercased()
            let staged = await onDedicatedThread(named: "send-test-audio") { () -> Result<String, TestAudioStager.Failure> in
                do throws(TestAudioStager.Failure) { return .success(try stager.stage(taskUUID: taskUUID)) } catch { return .failure(error) }
            }
            let audioPath: String
            switch staged {
            case .success(let path): audioPath = path
            case .failure(let failure):
                _ = await onDedicatedThread(named: "send-test-close") { producer.close(timeout: .seconds(5)) }
                throw .failure(failure.description)
            }
            let task = TaskMessage(taskUUID: taskUUID, audioPath: audioPath, hookURL: hookURL)
            let producedAt = ContinuousClock.now
            do throws(KafkaError) {
                _ = try await producer.send(topic: settings.taskTopic, key: [UInt8](task.key), value: [UInt8](task.encoded()))
                sent[taskUUID] = producedAt
                output.line(taskUUID)
            } catch {
                failures.append("\(taskUUID) (\(error))")
                try? FileManager.default.removeItem(atPath: audioPath)
            }
        }
        _ = await onDedicatedThread(named: "send-test-close") { producer.close(timeout: .seconds(5)) }
        guard failures.isEmpty else {
            throw .failure("\(failures.count) of \(settings.count) task(s) could not be produced to \(settings.taskTopic): " + failures.joined(separator: ", "))
        }
        return sent
    }

    /// One result line: `<task_uuid> succeeded in 1.84 s: vocals …, instrumental …` or `… failed in …: <code>: <message>`.
    static func describe(_ arrival: TaskArrival) -> String {
        switch arrival.outcome {
        case .succeeded(let vocals, let instrumental, let durationMs):
            "\(arrival.taskUUID) succeeded in \(seconds(arrival.latency)) (separation \(durationMs) ms): vocals \(vocals), instrumental \(instrumental)"
        case .failed(let failure):
            "\(arrival.taskUUID) failed in \(seconds(arrival.latency)): \(failure.code.rawValue): \(failure.message)"
        }
    }

    /// Prints the summary (or the error naming the missing and failed tasks) and picks the exit status.
    static func report(sent: [String: ContinuousClock.Instant], arrivals: [String: TaskArrival], timeout: Duration,
                       output: TextOutput) -> ExitCode {
        let inOrder = sent.sorted { $0.value < $1.value }.map(\.key)
        let missing = inOrder.filter { arrivals[$0] == nil }
        let failed = inOrder.filter { arrivals[$0].map { !$0.succeeded } ?? false }
        guard missing.isEmpty, failed.isEmpty else {
            var problems: [String] = []
            if !missing.isEmpty {
                problems.append("\(missing.count) of \(sent.count) result(s) did not arrive within \(seconds(timeout)): \(missing.joined(separator: ", "))")
            }
            if !failed.isEmpty {
                problems.append("\(failed.count) of \(sent.count) task(s) failed: \(failed.joined(separator: ", "))")
            }
            output.error(problems.joined(separator: "; "))
            return .failure
        }
        let latencies = arrivals.values.map(\.latency)
        output.line("all \(sent.count) task(s) succeeded; latency \(seconds(latencies.min() ?? .zero)) to \(seconds(latencies.max() ?? .zero))")
        return .success
    }

    /// `1.84 s`.
    static func seconds(_ duration: Duration) -> String {
        String(format: "%.2f s", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}
