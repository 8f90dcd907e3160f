import Foundation
import UVRCore
import UVRKafka
import UVRSeparation

/// What the long-running roles (and the Kafka commands) share when they start: the logger, the
/// validated Kafka configuration, and the broker reachability check.
enum RoleSetup {
    /// The logger the global settings ask for; a log file that cannot be opened is a configuration error.
    static func logger(_ context: CommandContext, role: String?, secrets: [String] = []) throws(CLIError) -> Logger {
        let destination: LogDestination
        if let file = context.global.logFile {
            do throws(LifecycleError) {
                destination = try LogDestination.file(file.path)
            } catch {
                throw .configuration("--log-file: \(error)")
            }
        } else {
            destination = .standardError
        }
        let level = LogLevel(name: context.global.logLevel.rawValue) ?? .info
        let format: LogFormat = context.global.logFormat == .json ? .json : .human
        return Logger(level: level, format: format, role: role, destination: destination,
                      environment: context.environment, redactor: Redactor(secrets: secrets))
    }

    /// The Kafka configuration of `settings` with librdkafka's log lines routed to `logger`;
    /// an unknown or invalid `-X` property is a configuration error naming it.
    static func kafkaConfig(_ settings: KafkaConnectionSettings, logger: Logger?) throws(CLIError) -> KafkaConfig {
        var properties: [String: String] = [:]
        for property in settings.properties { properties[property.key] = property.value }
        var config = KafkaConfig(bootstrapServers: settings.bootstrapServers, properties: properties)
        if let logger {
            config.logHandler = { level, facility, message in
                logger.log(level <= 3 ? .error : level == 4 ? .warn : level <= 6 ? .info : .debug, "librdkafka \(facility): \(message)")
            }
        }
        do throws(KafkaError) {
            try config.validate()
        } catch {
            throw .configuration("-X: \(error)")
        }
        return config
    }

    /// Fails with exit 69 when no broker answers a metadata request for `topic` within `timeout`.
    static func requireReachable(_ config: KafkaConfig, topic: String, timeout: Duration = .seconds(10)) throws(CLIError) {
        var quiet = config
        quiet.logHandler = { _, _, _ in }
        do throws(KafkaError) {
            let query = try OffsetsQuery(config: quiet)
            defer { query.close(timeout: .seconds(2)) }
            _ = try query.partitions(of: topic, timeout: timeout)
        } catch where error.isUnreachable || error.code == .timedOut {
            throw .unavailable("no Kafka broker reachable at \(config["bootstrap.servers"] ?? "?"): \(error)")
        } catch where error.code == .unknownTopicOrPartition {
            return
        } catch {
            throw .failure("Kafka: \(error)")
        }
    }

    /// The role's producer; a property librdkafka rejects is a configuration error.
    static func producer(_ config: KafkaConfig) throws(CLIError) -> Producer {
        do throws(KafkaError) {
            return try Producer(config: config)
        } catch {
            throw .configuration("Kafka producer: \(error)")
        }
    }

    /// The separator the settings (and, for tests, UVRCTL_TEST_SEPARATOR) ask for.
    static func separator(_ settings: SeparatorSettings, environment: [String: String]) throws(CLIError) -> any Separator {
        let real: any Separator
        switch settings.kind {
        case .spectral:
            real = SpectralSeparator()
        case .command:
            do throws(SeparationError) {
                real = CommandSeparator(template: try CommandTemplate(commandLine: settings.command ?? ""))
            } catch {
                throw .usage("--separator-command: \(error.message)")
            }
        }
        switch TestSeparators.fromEnvironment(environment, real: real) {
        case .success(let test): return test ?? real
        case .failure(let failure): throw .configuration(failure.message)
        }
    }

    /// Creates `directory` (and its parents) when missing; a failure is a configuration error naming `flag`.
    static func ensureDirectory(_ directory: URL, flag: String) throws(CLIError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .configuration("\(flag) \(directory.path): cannot create the directory: \(error.localizedDescription)")
        }
    }

    /// Runs `job` as `role` until shutdown: metrics and systemd notifications, PID and state files,
    /// signals and the consumer loop on its own thread. Returns the role's exit status.
    static func runRole<Job: TaskJob>(_ role: ProcessRole, runtime: RoleRuntimeSettings, loopSettings: ConsumerLoopSettings,
                                      config: KafkaConfig, producer: Producer, job: Job, logger: Logger,
                                      context: CommandContext) async throws(CLIError) -> ExitCode {
        let telemetry = RoleTelemetry(role: role, metricsFile: runtime.metricsFile?.path, metricsInterval: runtime.metricsInterval,
                                      environment: context.environment, logger: logger)
        let consumerConfig = telemetry.instrument(config)
        defer { telemetry.finish() }
        do throws(RoleRunner.StartError) {
            let status = try await RoleRunner.run(role: role, pidDirectory: runtime.pidDirectory.path, logger: logger) { publisher, signals in
                ConsumerLoop(settings: loopSettings, consumerConfig: consumerConfig, isolationLevel: .readCommitted, producer: producer,
                             job: job, logger: logger, publisher: publisher, observer: telemetry, signals: signals)
            }
            return ExitCode(rawValue: status.rawValue)
        } catch {
            throw .failure(error.description)
        }
    }
}
