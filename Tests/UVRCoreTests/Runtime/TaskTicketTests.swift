import Synchronization
import Testing
@testable import UVRCore

/// The ticket's cancellation handlers (how a waiting job learns it was cancelled) and the
/// uploader's backoff registry that shutdown interrupts.
@Suite struct TaskTicketTests {
    @Test func handlersRunOnCancelOnceAndAtOnceWhenAlreadyCancelled() {
        let ticket = TaskTicket()
        let calls = Atomic<Int>(0)
        ticket.whenCancelled { calls.add(1, ordering: .relaxed) }
        #expect(calls.load(ordering: .relaxed) == 0)
        #expect(ticket.cancel())
        #expect(calls.load(ordering: .relaxed) == 1)
        #expect(ticket.cancel(), "still cancelled")
        #expect(calls.load(ordering: .relaxed) == 1, "handlers run once")
        ticket.whenCancelled { calls.add(10, ordering: .relaxed) }
        #expect(calls.load(ordering: .relaxed) == 11, "a late handler runs at once")
        #expect(ticket.cancellation.isCancelled)
    }

    @Test func aPublishingTicketIsNotCancelledAndRunsNoHandler() {
        let ticket = TaskTicket()
        let calls = Atomic<Int>(0)
        ticket.whenCancelled { calls.add(1, ordering: .relaxed) }
        #expect(ticket.beginPublishing())
        #expect(!ticket.cancel())
        #expect(calls.load(ordering: .relaxed) == 0)
    }

    @Test func shutdownInterruptsTrackedAndLaterBackoffsButNotRemovedOnes() {
        let waits = BackoffWaits()
        let tracked = InterruptibleSleep()
        let removed = InterruptibleSleep()
        waits.add(tracked)
        waits.add(removed)
        waits.remove(removed)
        waits.interruptAll()
        #expect(tracked.isInterrupted && !tracked.sleep(seconds: 60))
        #expect(!removed.isInterrupted)
        let late = InterruptibleSleep()
        waits.add(late)
        #expect(late.isInterrupted, "a task that starts waiting after shutdown began does not wait")
    }
}
