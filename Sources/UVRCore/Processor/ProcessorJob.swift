import Foundation
import UVRAudio
import UVRKafka
import UVRSeparation

/// run-processor's work on one task message: validate, separate, publish the result.
///
/// Every failure becomes a failure result with the contract's error_code; only a cancelled task
/// (shutdown, revocation) publishes nothing. The result is produced keyed by task_uuid and the task
/// completes when the broker acknowledged it, so its offset is committed only after that.
public struct ProcessorJob: TaskJob {
    /// A parsed task, or the failure result it already is.
    public enum Work: Sendable {
        /// A well-formed task to separate.
        case task(TaskMessage)
        /// A message that could not be parsed; its failure result is published as it is.
        case rejected(TaskRejection)
    }

    private let producer: Producer
    private let resultTopic: String
    private let resolver: AudioPathResolver
    private let outputDirectory: String
    private let format: OutputFormat
    private let separator: any Separator

    /// A job that reads audio inside `resolver`'s input directory and writes stems to `outputDirectory`.
    public init(producer: Producer, resultTopic: String, resolver: AudioPathResolver, outputDirectory: String,
                format: OutputFormat, separator: any Separator) {
        self.producer = producer
        self.resultTopic = resultTopic
        self.resolver = resolver
        self.outputDirectory = outputDirectory
        self.format = format
        self.separator = separator
    }

    /// Parses the task JSON (on the poll thread).
    public func prepare(_ message: KafkaMessage) -> (taskID: String, work: Work) {
        switch TaskMessage.parse(payload: Data(message.value), key: message.key.map { Data($0) }) {
        case .success(let task): (task.taskUUID, .task(task))
        case .failure(let rejection): (rejection.taskUUID, .rejected(rejection))
        }
    }

    /// Separates (on a worker thread) and produces the result.
    public func execute(_ work: Work, context: TaskContext, ticket: TaskTicket,
                        finish: @escaping @Sendable (TaskOutcome) -> Void) {
        let started = ContinuousClock.now
        let result: ResultMessage
        var inputToDelete: String?
        switch work {
        case .rejected(let rejection):
            context.logger.warn("Invalid task: \(rejection.failure)")
            result = rejection.result
        case .task(let task):
            switch separate(task, context: context, ticket: ticket, started: started) {
            case .some((let outcome, let input)):
                result = ResultMessage(taskUUID: task.taskUUID, hookURL: task.hookURL, outcome: outcome)
                inputToDelete = input
            case .none:
                finish(.abandoned)
                return
            }
        }
        guard ticket.beginPublishing() else {
            finish(.abandoned)
            return
        }
        let summary: TaskSummary
        switch result.outcome {
        case .succeeded: summary = TaskSummary(succeeded: true, inputToDelete: inputToDelete)
        case .failed(let failure): summary = TaskSummary(succeeded: false, errorCode: failure.code.rawValue)
        }
        publish(result, summary: summary, context: context, finish: finish)
    }

    /// Resolves and separates; nil when cancelled. Otherwise the outcome and the validated input path.
    private func separate(_ task: TaskMessage, context: TaskContext, ticket: TaskTicket,
                          started: ContinuousClock.Instant) -> (ResultMessage.Outcome, String?)? {
        let input: String
        switch resolver.resolve(task.audioPath) {
        case .success(let path): input = path
        case .failure(let failure):
            context.logger.warn("Rejected audio_path: \(failure)")
            return (.failed(failure), nil)
        }
        let paths = StemFileNames(taskUUID: task.taskUUID, fileExtension: format.fileExtension).paths(in: outputDirectory)
        let request = SeparationRequest(input: URL(fileURLWithPath: input), vocalsOutput: URL(fileURLWithPath: paths.vocals),
                                        instrumentalOutput: URL(fileURLWithPath: paths.instrumental), format: format)
        do throws(SeparationError) {
            let report = try separator.separate(request, progress: { _ in }, cancellation: ticket.cancellation)
            let elapsed = ContinuousClock.now - started
            let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            context.logger.info("Separated \(String(format: "%.1f", report.audioDurationSeconds)) s of audio in \(milliseconds) ms")
            return (.succeeded(vocalsPath: paths.vocals, instrumentalPath: paths.instrumental, durationMs: milliseconds), input)
        } catch where error.code == .cancelled {
            return nil
        } catch {
            context.logger.warn("Separation failed: \(error)")
            return (.failed(TaskFailure(ErrorCode(separationCode: error.code), error.message)), nil)
        }
    }

    private func publish(_ result: ResultMessage, summary: TaskSummary, context: TaskContext,
                         finish: @escaping @Sendable (TaskOutcome) -> Void) {
        AcknowledgedPublish.publish([UInt8](result.encoded()), key: Array(result.taskUUID.utf8), topic: resultTopic,
                                    using: producer, summary: summary, logger: context.logger, finish: finish)
    }
}

extension ErrorCode {
    /// The contract's error_code for a separator failure.
    init(separationCode: SeparationError.Code) {
        switch separationCode {
        case .audioNotFound: self = .audioNotFound
        case .unsupportedAudio: self = .unsupportedAudio
        case .outputFailed: self = .outputFailed
        case .separationFailed, .cancelled: self = .separationFailed
        }
    }
}
