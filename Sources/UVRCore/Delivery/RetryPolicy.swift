import Foundation

/// Exponential backoff with full jitter, bounded by attempts and by total time.
///
/// After the n-th failed attempt the wait is uniform in [0, min(maxDelay, baseDelay·2^(n-1))].
/// A server's Retry-After replaces that wait (it is a lower bound the server asked for) and is not
/// capped by maxDelay; when it would end past the `retryFor` budget the policy gives up instead.
/// A jittered wait is shortened to end at the budget.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts including the first (>= 1).
    public var maxAttempts: Int
    /// Time budget from the first attempt after which no retry starts, in seconds.
    public var retryFor: TimeInterval
    /// The first backoff ceiling, in seconds.
    public var baseDelay: TimeInterval
    /// The largest backoff ceiling, in seconds.
    public var maxDelay: TimeInterval

    public init(maxAttempts: Int, retryFor: TimeInterval, baseDelay: TimeInterval = 0.5, maxDelay: TimeInterval = 30) {
        self.maxAttempts = max(1, maxAttempts)
        self.retryFor = max(0, retryFor)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(0, maxDelay)
    }

    /// The ceiling of the jittered wait after `attempt` failed attempts (attempt >= 1).
    public func backoffCeiling(afterAttempt attempt: Int) -> TimeInterval {
        let exponent = Double(min(max(attempt, 1) - 1, 62))
        return min(maxDelay, baseDelay * pow(2, exponent))
    }

    /// The wait before the next attempt after `attempt` attempts failed retryably, `elapsed`
    /// seconds after the first one started; nil means give up.
    public func delay<Random: RandomNumberGenerator>(
        afterAttempt attempt: Int, retryAfter: TimeInterval?, elapsed: TimeInterval, random: inout Random
    ) -> TimeInterval? {
        guard attempt < maxAttempts else { return nil }
        let remaining = retryFor - elapsed
        guard remaining > 0 else { return nil }
        if let retryAfter {
            return retryAfter <= remaining ? max(0, retryAfter) : nil
        }
        let ceiling = backoffCeiling(afterAttempt: attempt)
        let jittered = ceiling > 0 ? Double.random(in: 0...ceiling, using: &random) : 0
        return min(jittered, remaining)
    }
}
