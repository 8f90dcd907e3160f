/// Where the lifecycle's signals come from: the process's real signals in production, synthetic ones in tests.
public protocol SignalSource: Sendable {
    /// The signals, in arrival order; the stream finishes when the source is cancelled.
    var signals: AsyncStream<ShutdownSignal> { get }
    /// Stops delivering signals and finishes the stream.
    func cancel()
}

/// A `SignalSource` fed by hand, for tests and for code that turns other events into signals.
public final class SyntheticSignalSource: SignalSource {
    public let signals: AsyncStream<ShutdownSignal>
    private let continuation: AsyncStream<ShutdownSignal>.Continuation

    /// An empty source; call `send` to deliver signals.
    public init() {
        (signals, continuation) = AsyncStream.makeStream(of: ShutdownSignal.self, bufferingPolicy: .unbounded)
    }

    /// Delivers `signal` as if the process had received it.
    public func send(_ signal: ShutdownSignal) {
        continuation.yield(signal)
    }

    public func cancel() {
        continuation.finish()
    }
}
