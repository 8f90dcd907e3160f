import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Keeps a running role's state file current: phase changes and tasks starting or finishing
/// rewrite `<role>.state.json` on a private serial queue, so callers never block on file I/O.
/// A phase change is written at once; task changes at most every `taskWriteInterval`, so
/// thousands of tasks a second cost a few writes a second, not an fsync each.
public final class RoleStatePublisher: Sendable {
    /// The file being written.
    public let stateFile: StateFile
    private let snapshot: Mutex<RoleStateSnapshot>
    private let writeScheduled = Atomic<Bool>(false)
    private let isRemoved = Atomic<Bool>(false)
    /// The longest a task change waits before it reaches the file.
    public static let taskWriteInterval: DispatchTimeInterval = .milliseconds(200)
    private let queue = DispatchQueue(label: "uvrctl.state-file")
    private let onError: @Sendable (LifecycleError) -> Void

    /// Publishes `role` of this process as `starting`; `onError` hears about failed writes (e.g. to log a warning).
    public init(directory: String, role: ProcessRole, startedAt: Date = Date(),
                onError: @escaping @Sendable (LifecycleError) -> Void = { _ in }) {
        stateFile = StateFile(directory: directory, role: role)
        snapshot = Mutex(RoleStateSnapshot(role: role, pid: getpid(), state: .starting, tasksInFlight: [],
                                           startedAt: startedAt, updatedAt: startedAt))
        self.onError = onError
        publish(immediately: true) { _ in }
    }

    /// The state as last published.
    public var current: RoleStateSnapshot { snapshot.withLock { $0 } }

    /// Publishes a new phase.
    public func setPhase(_ phase: RoleStateSnapshot.Phase) {
        publish(immediately: true) { $0.state = phase }
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
        queue.sync { writeNewest() }
    }

    /// Deletes the state file after pending writes (at exit, with the PID file).
    public func remove() {
        queue.sync {
            isRemoved.store(true, ordering: .releasing)
            stateFile.remove()
        }
    }

    private func publish(immediately: Bool = false, _ change: (inout RoleStateSnapshot) -> Void) {
        snapshot.withLock { snapshot in
            change(&snapshot)
            snapshot.updatedAt = Date()
        }
        if immediately {
            queue.async { self.writeNewest() }
        } else if !writeScheduled.exchange(true, ordering: .acquiringAndReleasing) {
            queue.asyncAfter(deadline: .now() + Self.taskWriteInterval) { self.writeNewest() }
        }
    }

    /// Writes the newest state (on the queue); any pending delayed write then has nothing new.
    private func writeNewest() {
        writeScheduled.store(false, ordering: .releasing)
        guard !isRemoved.load(ordering: .acquiring) else { return }
        let newest = snapshot.withLock { $0 }
        do throws(LifecycleError) { try stateFile.write(newest) } catch { onError(error) }
    }
}
