import Foundation
import UVRKafka

/// Runs a long-lived role (processor or uploader) around its consumer loop: signal handling
/// first, then the PID file and the state file, the loop on its own thread, and the closing steps
/// (PID file removed, `<Role> shutdown complete`). Returns the process exit status.
public enum RoleRunner {
    /// Why a role could not start.
    public enum StartError: Error, CustomStringConvertible {
        /// Signals could not be taken over, or the PID file is held or unwritable.
        case lifecycle(LifecycleError)

        public var description: String {
            switch self {
            case .lifecycle(let error): error.description
            }
        }
    }

    /// Starts `role`; `makeLoop` builds the loop once signals are handled and the PID file is ours.
    public static func run<Job: TaskJob>(role: ProcessRole, pidDirectory: String, logger: Logger,
                                         makeLoop: @Sendable (RoleStatePublisher, any SignalSource) -> ConsumerLoop<Job>)
        async throws(StartError) -> ShutdownExitStatus {
        let signals: ProcessSignalSource
        let pidFile: PIDFile
        do throws(LifecycleError) {
            signals = try ProcessSignalSource()
            pidFile = try PIDFile.acquire(directory: pidDirectory, role: role)
        } catch {
            throw .lifecycle(error)
        }
        if let stale = pidFile.replacedStaleRecord {
            logger.info("Replaced a stale PID file left by pid \(stale.pid)")
        }
        let publisher = RoleStatePublisher(directory: pidDirectory, role: role) { problem in
            logger.warn("Could not write the state file: \(problem)")
        }
        publisher.setPhase(.starting)
        let loop = makeLoop(publisher, signals)
        let status: ShutdownExitStatus = await onDedicatedThread(named: "uvrctl-poll-loop") {
            do throws(KafkaError) {
                return try loop.run()
            } catch {
                logger.error("Kafka consumer could not start: \(error)")
                return .fatal
            }
        }
        signals.cancel()
        publisher.remove()
        pidFile.release()
        logger.info(ContractLogLine.shutdownComplete(role))
        return status
    }
}
