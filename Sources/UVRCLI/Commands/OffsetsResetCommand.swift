import Foundation
import UVRCore
import UVRKafka

/// `uvrctl offsets reset`: plan or apply a move of a group's offsets.
///
/// Safety: the group must have no active members. Where the broker describes groups, members
/// are listed and named, and the reset is refused (dry run included). Where it does not (the dev
/// broker), the commit itself is the check: it is made from outside the group, which Kafka
/// accepts only while the group has no members, so an active group's offsets never move.
enum OffsetsResetCommand: CommandBody {
    static let path = ["offsets", "reset"]

    static func run(_ settings: OffsetsResetSettings, context: CommandContext) async throws -> ExitCode {
        let logger = try RoleSetup.logger(context, role: nil, secrets: settings.kafka.properties.filter { Redactor.isSensitiveKey($0.key) }.map(\.value))
        var config = try RoleSetup.kafkaConfig(settings.kafka, logger: logger)
        config.logHandler = { level, facility, message in
            if level <= 3 { logger.error("librdkafka \(facility): \(message)") }
        }
        let query: OffsetsQuery
        do throws(KafkaError) {
            query = try OffsetsQuery(config: config)
        } catch {
            throw CLIError.configuration("Kafka: \(error)")
        }
        let outcome: Result<ExitCode, CLIError> = await onDedicatedThread(named: "uvrctl-offsets-reset") {
            defer { query.close(timeout: .seconds(2)) }
            do throws(CLIError) {
                return .success(try reset(settings, query: query, output: context.output))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Plans (and with `--execute` applies) the reset; blocking.
    private static func reset(_ settings: OffsetsResetSettings, query: OffsetsQuery, output: TextOutput) throws(CLIError) -> ExitCode {
        let group = settings.group
        let timeout = settings.timeout
        let membershipChecked = try refuseActiveMembers(group: group, query: query, timeout: timeout)
        let moves: [OffsetMove]
        do throws(KafkaError) {
            let partitions = try scope(settings, query: query)
            let current = try query.committedOffsets(group: group, partitions: partitions, timeout: timeout)
            var byTime: [TopicPartition: Int64?] = [:]
            if case .datetime(let date) = settings.target {
                byTime = try query.offsetsForTime(partitions, milliseconds: Int64(date.timeIntervalSince1970 * 1000), timeout: timeout)
            }
            moves = try partitions.map { partition throws(KafkaError) in
                let log = try query.watermarks(of: partition, timeout: timeout)
                return OffsetsResetPlan.move(partition, to: settings.target, current: current[partition], log: log,
                                             offsetForTime: byTime[partition] ?? nil)
            }
        } catch {
            throw kafkaFailure(error)
        }
        output.standardOutput(OffsetsResetPlan.table(group: group, moves))
        guard settings.execute else {
            output.line("Dry run: nothing changed. Run again with --execute to apply this plan.")
            if !membershipChecked {
                output.line("Note: the broker does not describe groups, so members could not be listed; --execute commits from outside the group, which the broker refuses while the group has members.")
            }
            return .success
        }
        do throws(KafkaError) {
            try query.commitOffsets(group: group, moves.map { TopicPartitionOffset(topic: $0.partition.topic, partition: $0.partition.partition, offset: $0.new) },
                                    timeout: timeout)
        } catch where error.code == .groupNotEmpty {
            throw .failure("refusing to reset group \(group): it has active members (\(error)); nothing changed. Stop its consumers first (uvrctl stop)."
                           + (membershipChecked ? "" : " The dev broker also refuses this for a group that ever had members."))
        } catch {
            throw kafkaFailure(error)
        }
        output.line("Offsets of group \(group) reset on \(moves.count) partition(s).")
        return .success
    }

    /// Throws naming the members when the broker describes the group and it has any; returns
    /// whether the membership could be checked at all (false where describing is unsupported).
    private static func refuseActiveMembers(group: String, query: OffsetsQuery, timeout: Duration) throws(CLIError) -> Bool {
        let description: GroupDescription
        do throws(KafkaError) {
            description = try query.describeGroup(group, timeout: timeout)
        } catch where error.code == .unsupported {
            return false
        } catch {
            throw kafkaFailure(error)
        }
        guard !description.members.isEmpty else { return true }
        let names = description.members.map { "\($0.consumerID) (client \($0.clientID), host \($0.host))" }
        throw .failure("refusing to reset group \(group): it has \(names.count) active member(s): \(names.joined(separator: ", ")); stop them first (uvrctl stop)")
    }

    /// The partitions the settings name; `--all-topics` means those the group has committed offsets for.
    private static func scope(_ settings: OffsetsResetSettings, query: OffsetsQuery) throws(KafkaError) -> [TopicPartition] {
        switch settings.scope {
        case .topics(let selections):
            var partitions: [TopicPartition] = []
            for selection in selections {
                let existing = try query.partitions(of: selection.topic, timeout: settings.timeout)
                let chosen = selection.partitions ?? existing
                if let missing = chosen.first(where: { !existing.contains($0) }) {
                    throw KafkaError(code: .unknownTopicOrPartition, name: "UNKNOWN_TOPIC_OR_PART",
                                     message: "--topic \(selection.topic): partition \(missing) does not exist (the topic has \(existing.count))")
                }
                partitions += chosen.map { TopicPartition(topic: selection.topic, partition: $0) }
            }
            return Array(Set(partitions)).sorted()
        case .allTopics:
            let topics = try query.allTopics(timeout: settings.timeout)
            let every = topics.flatMap { topic, numbers in numbers.map { TopicPartition(topic: topic, partition: $0) } }
            let committed = try query.committedOffsets(group: settings.group, partitions: every, timeout: settings.timeout)
            let withCommits = Set(committed.keys.map(\.topic))
            guard !withCommits.isEmpty else {
                throw KafkaError(code: .kafka, name: "NO_OFFSETS", message: "group \(settings.group) has no committed offsets; name the topics with --topic")
            }
            return every.filter { withCommits.contains($0.topic) }.sorted()
        }
    }

    private static func kafkaFailure(_ error: KafkaError) -> CLIError {
        error.isUnreachable ? .unavailable("Kafka: \(error)") : .failure("Kafka: \(error)")
    }
}
