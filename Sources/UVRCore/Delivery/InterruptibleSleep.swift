import Foundation
import Synchronization

/// A shutdown flag that also wakes sleepers: `sleep(seconds:)` returns at once when `interrupt()`
/// is called (before or during the wait), and transfers poll `isInterrupted` to abort.
public final class InterruptibleSleep: Sendable {
    private let flag = Atomic<Bool>(false)
    private let condition = NSCondition()

    public init() {}

    /// Sets the flag and wakes every sleeper. Idempotent.
    public func interrupt() {
        flag.store(true, ordering: .sequentiallyConsistent)
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// True once `interrupt()` was called.
    public var isInterrupted: Bool { flag.load(ordering: .sequentiallyConsistent) }

    /// Blocks the calling thread for `seconds`; returns true when the time elapsed, false when
    /// interrupted. Call from a dedicated thread, never from Swift's cooperative pool.
    @discardableResult
    public func sleep(seconds: TimeInterval) -> Bool {
        let deadline = Date(timeIntervalSinceNow: max(0, seconds))
        condition.lock()
        defer { condition.unlock() }
        while !isInterrupted {
            if Date() >= deadline { return true }
            _ = condition.wait(until: deadline)
        }
        return false
    }
}
