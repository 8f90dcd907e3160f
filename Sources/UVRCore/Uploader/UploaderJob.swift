import Foundation
import UVRKafka

/// run-uploader's work on one result message: upload the stems, POST the webhook, or dead-letter it.
///
/// A success result's stems go to the destination first, then the webhook carries their final
/// URLs; a failure result only calls the webhook. Connection errors, timeouts, 408, 429 and 5xx
/// are retried (exponential backoff, full jitter, Retry-After honoured) within the retry policy;
/// anything else, a malformed result, a missing or refused hook_url, or running out of retries
/// writes a `DeadLetterRecord` and completes after its delivery report. The task completes (its
/// offset may be committed) only after the webhook succeeded or the dead letter was acknowledged.
/// Shutdown ends a backoff wait at once and the task is abandoned (redelivered later); a
/// cancelled task (drain timeout, revocation) also aborts its transfer in progress.
public struct UploaderJob: TaskJob {
    /// A consumed result: the message as it came (for the dead letter) and its decoding.
    public struct Work: Sendable {
        let message: KafkaMessage
        let decoded: Result<ResultMessage, TaskRejection>
    }

    private let producer: Producer
    private let configuration: UploaderConfiguration
    private let uploader: StemUploader
    private let webhook: WebhookSender
    private let waits = BackoffWaits()

    /// A job that writes dead letters with `producer` (the loop flushes and closes it).
    public init(producer: Producer, configuration: UploaderConfiguration, client: HTTPClient = HTTPClient()) {
        self.producer = producer
        self.configuration = configuration
        uploader = StemUploader(destination: configuration.destination, client: client, timeout: configuration.requestTimeout)
        webhook = WebhookSender(client: client, policy: configuration.hookPolicy, secret: configuration.webhookSecret,
                                timeout: configuration.requestTimeout)
    }

    /// Decodes the result JSON (on the poll thread).
    public func prepare(_ message: KafkaMessage) -> (taskID: String, work: Work) {
        let decoded = ResultMessage.decode(payload: Data(message.value), key: message.key.map { Data($0) })
        let taskID = switch decoded {
        case .success(let result): result.taskUUID
        case .failure(let rejection): rejection.taskUUID
        }
        return (taskID, Work(message: message, decoded: decoded))
    }

    /// Ends every backoff wait: those tasks are abandoned, uncommitted, for the next uploader.
    public func shutdownRequested() {
        waits.interruptAll()
    }

    /// Delivers (on a worker thread, blocking through retries) or dead-letters the result.
    public func execute(_ work: Work, context: TaskContext, ticket: TaskTicket,
                        finish: @escaping @Sendable (TaskOutcome) -> Void) {
        let deadLetter = { (taskUUID: String, stage: DeadLetterRecord.Stage, failure: DeadLetterRecord.Failure, reason: String, attempts: Int) in
            let record = DeadLetterRecord(taskUUID: taskUUID, stage: stage, failure: failure, reason: reason,
                                          attempts: attempts, source: work.message)
            self.write(record, context: context, ticket: ticket, finish: finish)
        }
        let result: ResultMessage
        switch work.decoded {
        case .failure(let rejection):
            deadLetter(rejection.taskUUID, .decode, .malformed, rejection.failure.message, 0)
            return
        case .success(let decoded):
            result = decoded
        }
        guard let hookURL = result.hookURL else {
            deadLetter(result.taskUUID, .webhook, .permanent, "the result has no hook_url", 0)
            return
        }
        if case .failure(let refusal) = configuration.hookPolicy.check(hookURL) {
            deadLetter(result.taskUUID, .webhook, .permanent, refusal.reason, 0)
            return
        }

        let backoff = InterruptibleSleep()
        let abort = InterruptibleSleep()
        ticket.whenCancelled {
            abort.interrupt()
            backoff.interrupt()
        }
        waits.add(backoff)
        defer { waits.remove(backoff) }
        let logger = context.logger
        var stage = DeadLetterRecord.Stage.webhook
        var uploaded: UploadedStems?
        let outcome = Retrier(policy: configuration.retryPolicy, sleeper: backoff).run(onRetry: { failure, attempt, delay in
            logger.warn("Attempt \(attempt) failed: \(failure.reason); retrying in \(String(format: "%.1f", delay)) s")
        }) { _ in
            attempt(result, hookURL: hookURL, abort: abort, logger: logger, stage: &stage, uploaded: &uploaded)
        }

        switch outcome {
        case .succeeded(let status, let attempts):
            logger.info("Webhook delivered: HTTP \(status) after \(attempts) attempt(s)")
            // The hook was called: complete even if the loop cancelled meanwhile (then it decides;
            // a redelivery repeats the call with the same Idempotency-Key).
            _ = ticket.beginPublishing()
            var localStems: [String] = []
            if !configuration.keepLocal, case .succeeded(let vocalsPath, let instrumentalPath, _) = result.outcome {
                localStems = [vocalsPath, instrumentalPath]
            }
            finish(.completed(TaskSummary(succeeded: true, filesToDelete: localStems)))
        case .failed(let failure, let attempts):
            let kind: DeadLetterRecord.Failure = failure.kind == .permanent ? .permanent : .retriesExhausted
            deadLetter(result.taskUUID, stage, kind, failure.reason, attempts)
        case .interrupted(let attempts):
            logger.warn("Delivery stopped by shutdown after \(attempts) attempt(s); left uncommitted")
            finish(.abandoned)
        }
    }

    /// One attempt: uploads the stems unless an earlier attempt did, then POSTs the webhook.
    private func attempt(_ result: ResultMessage, hookURL: String, abort: InterruptibleSleep, logger: Logger,
                         stage: inout DeadLetterRecord.Stage, uploaded: inout UploadedStems?) -> Result<Int, DeliveryFailure> {
        let payload: WebhookPayload
        switch result.outcome {
        case .failed(let failure):
            payload = .failed(taskUUID: result.taskUUID, failure: failure)
        case .succeeded(let vocalsPath, let instrumentalPath, _):
            let stems: UploadedStems
            if let uploaded {
                stems = uploaded
            } else {
                stage = .upload
                switch uploader.upload(taskUUID: result.taskUUID, vocalsPath: vocalsPath, instrumentalPath: instrumentalPath, interrupt: abort) {
                case .success(let done): stems = done
                case .failure(let failure): return .failure(failure)
                }
                uploaded = stems
                logger.info("Stems uploaded: \(stems.vocalsURL) \(stems.instrumentalURL)")
            }
            payload = .succeeded(taskUUID: result.taskUUID, vocalsURL: stems.vocalsURL, instrumentalURL: stems.instrumentalURL)
        }
        stage = .webhook
        return webhook.send(payload, to: hookURL, interrupt: abort)
    }

    /// Produces `record` to the dead-letter topic; the task completes on its delivery report.
    private func write(_ record: DeadLetterRecord, context: TaskContext, ticket: TaskTicket,
                       finish: @escaping @Sendable (TaskOutcome) -> Void) {
        guard ticket.beginPublishing() else {
            finish(.abandoned)
            return
        }
        let topic = configuration.deadLetterTopic
        context.logger.warn("Sending the result to \(topic) (\(record.stage.rawValue), \(record.failure.rawValue) after \(record.attempts) attempt(s)): \(record.reason)")
        AcknowledgedPublish.publish([UInt8](record.encoded()), key: record.key, topic: topic, using: producer,
                                    summary: TaskSummary(succeeded: false, errorCode: record.failure.rawValue), logger: context.logger, finish: finish)
    }
}
