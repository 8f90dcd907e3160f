import Foundation

/// How a retried operation ended.
public enum RetryOutcome<Value: Sendable>: Sendable {
    /// The operation succeeded on attempt `attempts`.
    case succeeded(Value, attempts: Int)
    /// A permanent failure, or the last retryable one when attempts or time ran out.
    case failed(DeliveryFailure, attempts: Int)
    /// Shutdown was signalled during an attempt or a backoff wait: leave the work uncommitted.
    case interrupted(attempts: Int)
}

/// Runs an operation under a `RetryPolicy`, waiting on an `InterruptibleSleep` between attempts.
/// Blocking: call it from a worker thread, not from Swift's cooperative pool.
public struct Retrier: Sendable {
    public let policy: RetryPolicy
    public let sleeper: InterruptibleSleep

    public init(policy: RetryPolicy, sleeper: InterruptibleSleep) {
        self.policy = policy
        self.sleeper = sleeper
    }

    /// Calls `operation(attempt)` (attempt counts from 1) until it succeeds, fails permanently,
    /// exhausts the policy or is interrupted. `onRetry(failure, attempt, delay)` is told before
    /// each wait (for logging).
    public func run<Value: Sendable, Random: RandomNumberGenerator>(
        random: inout Random,
        onRetry: (DeliveryFailure, Int, TimeInterval) -> Void = { _, _, _ in },
        _ operation: (Int) -> Result<Value, DeliveryFailure>
    ) -> RetryOutcome<Value> {
        let start = ContinuousClock.now
        var attempt = 0
        while true {
            if sleeper.isInterrupted { return .interrupted(attempts: attempt) }
            attempt += 1
            let failure: DeliveryFailure
            switch operation(attempt) {
            case .success(let value): return .succeeded(value, attempts: attempt)
            case .failure(let error): failure = error
            }
            let retryAfter: TimeInterval?
            switch failure.kind {
            case .cancelled: return .interrupted(attempts: attempt)
            case .permanent: return .failed(failure, attempts: attempt)
            case .retryable(let hint): retryAfter = hint
            }
            let elapsed = (ContinuousClock.now - start) / .seconds(1)
            guard let delay = policy.delay(afterAttempt: attempt, retryAfter: retryAfter, elapsed: elapsed, random: &random) else {
                return .failed(failure, attempts: attempt)
            }
            onRetry(failure, attempt, delay)
            if !sleeper.sleep(seconds: delay) { return .interrupted(attempts: attempt) }
        }
    }

    /// `run` with the system random source.
    public func run<Value: Sendable>(
        onRetry: (DeliveryFailure, Int, TimeInterval) -> Void = { _, _, _ in },
        _ operation: (Int) -> Result<Value, DeliveryFailure>
    ) -> RetryOutcome<Value> {
        var random = SystemRandomNumberGenerator()
        return run(random: &random, onRetry: onRetry, operation)
    }
}
