import Synchronization

/// A one-way switch a separation polls between blocks; set from any thread to stop it promptly.
public final class CancellationFlag: Sendable {
    private let state = Atomic<Bool>(false)

    /// Creates a flag that is not cancelled.
    public init() {}

    /// Requests cancellation; idempotent.
    public func cancel() {
        state.store(true, ordering: .releasing)
    }

    /// Whether `cancel()` has been called.
    public var isCancelled: Bool {
        state.load(ordering: .acquiring)
    }

    /// Throws `SeparationError.cancelled` once cancellation was requested.
    public func check() throws(SeparationError) {
        if isCancelled { throw SeparationError(.cancelled, "separation cancelled") }
    }
}
