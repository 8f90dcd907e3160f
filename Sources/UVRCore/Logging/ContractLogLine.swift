/// The log messages operators' runbooks grep for, verbatim from the contract (and the original services).
public enum ContractLogLine {
    /// `Received task: <task_uuid>`, when a task starts.
    public static func receivedTask(_ taskUUID: String) -> String { "Received task: \(taskUUID)" }

    /// `Received SIGTERM, initiating graceful shutdown...` (or SIGINT), on the first shutdown signal.
    public static func receivedSignal(_ signal: ShutdownSignal) -> String {
        "Received \(signal.name), initiating graceful shutdown..."
    }

    /// Logged when consumption stops after the first signal.
    public static let shutdownRequested = "Shutdown requested, stopping message consumption"

    /// `[<task_uuid>] Offset committed successfully`.
    public static func offsetCommitted(_ taskUUID: String) -> String { "[\(taskUUID)] Offset committed successfully" }

    /// Logged after the last commit at shutdown.
    public static let finalOffsetCommitted = "Final offset committed"

    /// Logged once the consumer has closed (left the group).
    public static let kafkaConsumerClosed = "Kafka consumer closed"

    /// Logged once the producer has flushed and closed.
    public static let kafkaProducerClosed = "Kafka producer closed"

    /// `Processor shutdown complete` or `Uploader shutdown complete`.
    public static func shutdownComplete(_ role: ProcessRole) -> String { "\(role.displayName) shutdown complete" }

    /// `[<task_uuid>] Abandoned at shutdown; it will be redelivered`.
    public static func abandonedAtShutdown(_ taskUUID: String) -> String {
        "[\(taskUUID)] Abandoned at shutdown; it will be redelivered"
    }
}
