import Foundation
import Testing
@testable import UVRCore

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 6, retryFor: 100, baseDelay: 1, maxDelay: 8)

    @Test func ceilingDoublesUpToTheCap() {
        #expect((1...6).map { policy.backoffCeiling(afterAttempt: $0) } == [1, 2, 4, 8, 8, 8])
    }

    @Test func fullJitterSpansZeroToTheCeiling() {
        var seeded = SeededRandom(seed: 7)
        var largest: TimeInterval = 0
        var smallest: TimeInterval = 4
        for _ in 0..<500 {
            let delay = policy.delay(afterAttempt: 3, retryAfter: nil, elapsed: 0, random: &seeded) ?? -1
            #expect(delay >= 0 && delay <= 4)
            largest = max(largest, delay)
            smallest = min(smallest, delay)
        }
        #expect(smallest < 0.5, "the draws reach the bottom of [0, ceiling]")
        #expect(largest > 3.5, "the draws reach the top of [0, ceiling]")
    }

    @Test func givesUpAfterMaxAttempts() {
        var random = SeededRandom(seed: 1)
        #expect(policy.delay(afterAttempt: 5, retryAfter: nil, elapsed: 0, random: &random) != nil)
        #expect(policy.delay(afterAttempt: 6, retryAfter: nil, elapsed: 0, random: &random) == nil)
        let once = RetryPolicy(maxAttempts: 1, retryFor: 100)
        #expect(once.delay(afterAttempt: 1, retryAfter: nil, elapsed: 0, random: &random) == nil)
    }

    @Test func retryForBoundsTheTotalTime() {
        var random = SeededRandom(seed: 11)
        #expect(policy.delay(afterAttempt: 4, retryAfter: nil, elapsed: 100, random: &random) == nil)
        for _ in 0..<100 {
            let clipped = policy.delay(afterAttempt: 4, retryAfter: nil, elapsed: 99.5, random: &random) ?? -1
            #expect(clipped >= 0 && clipped <= 0.5, "a jittered wait ends at the budget")
        }
    }

    @Test func retryAfterReplacesJitterAndIsNotCapped() {
        var low = SeededRandom(seed: 5)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 30, elapsed: 0, random: &low) == 30)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 0, elapsed: 0, random: &low) == 0)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 120, elapsed: 0, random: &low) == nil, "past the budget: give up")
    }
}

@Suite struct RetryAfterTests {
    let now = Date(timeIntervalSince1970: 1_445_412_480) // Wed, 21 Oct 2015 07:28:00 GMT

    @Test func delaySeconds() {
        #expect(RetryAfter.seconds(from: "120", now: now) == 120)
        #expect(RetryAfter.seconds(from: " 0 ", now: now) == 0)
    }

    @Test func httpDatesInAllThreeForms() {
        #expect(RetryAfter.seconds(from: "Wed, 21 Oct 2015 07:28:30 GMT", now: now) == 30)
        #expect(RetryAfter.seconds(from: "Wednesday, 21-Oct-15 07:29:00 GMT", now: now) == 60)
        #expect(RetryAfter.seconds(from: "Wed Oct 21 07:28:05 2015", now: now) == 5)
        #expect(RetryAfter.seconds(from: "Wed, 21 Oct 2015 07:00:00 GMT", now: now) == 0, "a past date means now")
    }

    @Test(arguments: ["", "soon", "-5", "1.5", "Wed, 99 Oct 2015 07:28:30 GMT"])
    func garbageIsIgnored(value: String) {
        #expect(RetryAfter.seconds(from: value, now: now) == nil)
    }
}

@Suite struct RetrierTests {
    let fast = RetryPolicy(maxAttempts: 4, retryFor: 60, baseDelay: 0, maxDelay: 0)

    @Test func retriesRetryableFailuresUntilSuccess() {
        var attempts: [Int] = []
        var random = SeededRandom(seed: 3)
        let outcome = Retrier(policy: fast, sleeper: InterruptibleSleep()).run(random: &random) { attempt -> Result<String, DeliveryFailure> in
            attempts.append(attempt)
            return attempt < 3 ? .failure(DeliveryFailure(.retryable(retryAfter: nil), "503")) : .success("ok")
        }
        guard case .succeeded(let value, let count) = outcome else { Issue.record("\(outcome)"); return }
        #expect(value == "ok" && count == 3 && attempts == [1, 2, 3])
    }

    @Test func permanentFailureStopsAtOnce() {
        var calls = 0
        let outcome = Retrier(policy: fast, sleeper: InterruptibleSleep()).run { _ -> Result<Int, DeliveryFailure> in
            calls += 1
            return .failure(DeliveryFailure(.permanent, "404"))
        }
        guard case .failed(let failure, let count) = outcome else { Issue.record("\(outcome)"); return }
        #expect(failure.reason == "404" && count == 1 && calls == 1)
    }

    @Test func exhaustionReportsTheLastFailure() {
        var retries: [Int] = []
        let outcome = Retrier(policy: fast, sleeper: InterruptibleSleep()).run(onRetry: { _, attempt, _ in retries.append(attempt) }) { attempt -> Result<Int, DeliveryFailure> in
            .failure(DeliveryFailure(.retryable(retryAfter: nil), "try \(attempt)"))
        }
        guard case .failed(let failure, let count) = outcome else { Issue.record("\(outcome)"); return }
        #expect(failure.reason == "try 4" && count == 4 && retries == [1, 2, 3])
    }

    @Test func interruptDuringBackoffEndsTheRunUncommitted() {
        let sleeper = InterruptibleSleep()
        let slow = RetryPolicy(maxAttempts: 5, retryFor: 3600)
        let outcome = Retrier(policy: slow, sleeper: sleeper).run(onRetry: { _, _, _ in sleeper.interrupt() }) { _ -> Result<Int, DeliveryFailure> in
            .failure(DeliveryFailure(.retryable(retryAfter: 3000), "503"))
        }
        guard case .interrupted(let count) = outcome else { Issue.record("\(outcome)"); return }
        #expect(count == 1)
    }
}

@Suite struct InterruptibleSleepTests {
    @Test func elapsedSleepReturnsTrue() {
        #expect(InterruptibleSleep().sleep(seconds: 0.01))
    }

    @Test func interruptWakesASleeperOnAnotherThread() async {
        let sleeper = InterruptibleSleep()
        let finished = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            Thread.detachNewThread { continuation.resume(returning: sleeper.sleep(seconds: 3600)) }
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: 0.05)
                sleeper.interrupt()
            }
        }
        #expect(finished == false)
        #expect(sleeper.isInterrupted)
        #expect(sleeper.sleep(seconds: 3600) == false, "once interrupted, later sleeps return at once")
    }
}
