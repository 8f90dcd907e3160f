import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Keeps a running role's state file current: phase changes and tasks starting or finishing
/// rewrite `<role>.state.json` on a private serial queue, so callers never block on file I/O.
public final class RoleStatePublisher: Sendable {
    /// The file being written.
    public let stateFile: StateFile
    private let snapshot: Mutex<RoleStateSnapshot>
    private let generation = Atomic<UInt64>(0)
    private let queue = DispatchQueue(label: "uvrctl.state-file")
    private let onError: @Sendable (LifecycleError) -> Void

    /// Publishes `role` of this process as `starting`; `onError` hears about failed writes (e.g. to log a warning).
    public init(directory: String, role: ProcessRole, startedAt: Date = Date(),
                onError: @escaping @Sendable (LifecycleError) -> Void = { _ in }) {
        stateFile = StateFile(directory: directory, role: role)
        snapshot = Mutex(RoleStateSnapshot(role: role, pid: getpid(), state: .starting, tasksInFlight: [],
                                           startedAt: startedAt, updatedAt: startedAt))
        self.onError = onError
        publish { _ in }
    }

    /// The state as last published.
    public var current: RoleStateSnapshot { snapshot.withLock { $0 } }

    /// Publishes a new phase.
    public func setPhase(_ phase: RoleStateSnapshot.Phase) {
        publish { $0.state = phase }
    }

    /// Publishes that `taskUUID` started now.
    public func taskStarted(_ taskUUID: String, at time: Date = Date()) {
        publish { $0.tasksInFlight.append(.init(taskUUID: taskUUID, startedAt: time)) }
    }

    /// Publishes that `taskUUID` is no longer in flight (finished, failed or abandoned).
    public func taskFinished(_ taskUUID: String) {
        publish { snapshot in
            if let index = snapshot.tasksInFlight.firstIndex(where: { $0.taskUUID == taskUUID }) {
                snapshot.tasksInFlight.remove(at: index)
            }
        }
    }

    /// Waits until every queued write is on disk.
    public func flush() {
        queue.sync {}
    }

    /// Deletes the state file after pending writes (at exit, with the PID file).
    public func remove() {
        queue.sync { stateFile.remove() }
    }

    private func publish(_ change: (inout RoleStateSnapshot) -> Void) {
        let (updated, number) = snapshot.withLock { snapshot in
            change(&snapshot)
            snapshot.updatedAt = Date()
            return (snapshot, generation.add(1, ordering: .relaxed).newValue)
        }
        queue.async { [stateFile, onError] in
            // Writes are coalesced: only the newest state is written when several are queued.
            guard self.generation.load(ordering: .relaxed) == number else { return }
            do throws(LifecycleError) { try stateFile.write(updated) } catch { onError(error) }
        }
    }
}
