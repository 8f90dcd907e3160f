import UVRKafka

/// How one task ended, as its job reports it to the poll loop.
public enum TaskOutcome: Sendable, Equatable {
    /// Done and acknowledged by the broker: its offset may be committed.
    case completed(TaskSummary)
    /// Cancelled (shutdown or revocation) before publishing: no result, no commit; redelivered later.
    case abandoned
    /// Its outcome could not be delivered: no commit, and the role shuts down with a fatal error.
    case deliveryFailed(String)
}

/// What a completed task reports for logs, metrics and input clean-up.
public struct TaskSummary: Sendable, Equatable {
    /// Whether the task succeeded (false: a failure result was published; the uploader: dead-lettered).
    public var succeeded: Bool
    /// The contract's error_code of a failure result (the uploader: why it was dead-lettered).
    public var errorCode: String?
    /// A validated input file to delete once the task's offset is committed (`--delete-input`).
    public var inputToDelete: String?
    /// Files the job wants deleted once the task's offset is committed, whatever `--delete-input`
    /// says (the uploader's local stems): deleting them earlier would break a redelivery.
    public var filesToDelete: [String]

    /// A summary of a completed task.
    public init(succeeded: Bool, errorCode: String? = nil, inputToDelete: String? = nil, filesToDelete: [String] = []) {
        self.succeeded = succeeded
        self.errorCode = errorCode
        self.inputToDelete = inputToDelete
        self.filesToDelete = filesToDelete
    }
}

/// Where a task came from and how to log about it; handed to the job with the work.
public struct TaskContext: Sendable {
    /// The task_uuid (or the best identification recovered from the message).
    public let taskID: String
    /// The message's partition.
    public let partition: TopicPartition
    /// The message's offset.
    public let offset: Int64
    /// A logger that adds task_uuid, partition and offset to every line.
    public let logger: Logger
}

/// A role's work on one consumed message (the processor separates, the uploader delivers).
public protocol TaskJob: Sendable {
    /// The parsed form of a message that `execute` works on.
    associatedtype Work: Sendable

    /// Parses a message on the poll thread (cheap, never blocking) and names its task for logs.
    func prepare(_ message: KafkaMessage) -> (taskID: String, work: Work)

    /// Does the work on a worker thread. Returns once the worker is free again; calls `finish`
    /// exactly once, possibly later (after the delivery report). Checks `ticket` before publishing.
    func execute(_ work: Work, context: TaskContext, ticket: TaskTicket,
                 finish: @escaping @Sendable (TaskOutcome) -> Void)

    /// Called on the poll thread when shutdown begins (no new task starts). A job that is only
    /// waiting (a retry backoff) should stop waiting now and report that task abandoned; work
    /// that makes progress may go on until the drain deadline cancels its ticket.
    func shutdownRequested()
}

extension TaskJob {
    /// By default a job has nothing to interrupt at shutdown.
    public func shutdownRequested() {}
}
