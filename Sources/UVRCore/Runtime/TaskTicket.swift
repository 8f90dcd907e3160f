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
        if exchanged { cancellation.cancel() }
        return exchanged || original == Self.cancelled
    }

    /// Whether the worker has claimed publishing (its completion will follow the delivery report).
    public var isPublishing: Bool { phase.load(ordering: .acquiring) == Self.publishing }
}
