import Synchronization
import UVRSeparation

/// One in-flight task's cancel-or-publish switch, shared by the poll loop and the worker.
///
/// The loop may cancel a task until its worker claims the right to publish the outcome; from then
/// on the task always completes (its result is on its way to the broker). So a task the loop gave
/// up on never produces a result, and a task that produced one is never reported abandoned.
public final class TaskTicket: Sendable {
    private static let running: UInt8 = 0
    private static let publishing: UInt8 = 1
    private static let cancelled: UInt8 = 2

    private let phase = Atomic<UInt8>(0)
    /// Handlers to run on cancellation; nil once the ticket is cancelled.
    private let cancelHandlers = Mutex<[@Sendable () -> Void]?>([])
    /// Set when the loop cancels; long work (the separator) polls it between blocks.
    public let cancellation = CancellationFlag()

    /// A ticket for a task that has just started.
    public init() {}

    /// Claims the right to publish the task's outcome; false when it was cancelled first
    /// (then the worker publishes nothing and reports the task abandoned).
    public func beginPublishing() -> Bool {
        phase.compareExchange(expected: Self.running, desired: Self.publishing, ordering: .acquiringAndReleasing).exchanged
    }

    /// Cancels the task unless it already publishes; true when it is (now) cancelled.
    @discardableResult
    public func cancel() -> Bool {
        let (exchanged, original) = phase.compareExchange(expected: Self.running, desired: Self.cancelled, ordering: .acquiringAndReleasing)
        if exchanged {
            cancellation.cancel()
            let handlers = cancelHandlers.withLock { pending in
                defer { pending = nil }
                return pending ?? []
            }
            for handler in handlers { handler() }
        }
        return exchanged || original == Self.cancelled
    }

    /// Runs `handler` when the task is cancelled (at once if it already is), for work that waits
    /// rather than polls (a retry backoff, an HTTP transfer). Runs on the cancelling thread: keep it short.
    public func whenCancelled(_ handler: @escaping @Sendable () -> Void) {
        let registered = cancelHandlers.withLock { pending -> Bool in
            guard pending != nil else { return false }
            pending?.append(handler)
            return true
        }
        if !registered { handler() }
    }

    /// Whether the worker has claimed publishing (its completion will follow the delivery report).
    public var isPublishing: Bool { phase.load(ordering: .acquiring) == Self.publishing }
}
