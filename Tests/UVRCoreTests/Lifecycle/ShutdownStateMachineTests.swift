import Testing
@testable import UVRCore

/// A clock value the tests control: seconds since an arbitrary origin.
private struct TestInstant: InstantProtocol {
    var offset: Duration
    func advanced(by duration: Duration) -> TestInstant { TestInstant(offset: offset + duration) }
    func duration(to other: TestInstant) -> Duration { other.offset - offset }
    static func < (lhs: TestInstant, rhs: TestInstant) -> Bool { lhs.offset < rhs.offset }
    static func at(_ seconds: Int) -> TestInstant { TestInstant(offset: .seconds(seconds)) }
}

private typealias Machine = ShutdownStateMachine<TestInstant>

@Suite struct ShutdownStateMachineTests {
    @Test(arguments: [ShutdownSignal.terminate, .interrupt])
    func firstSignalStartsDrainingWithDeadline(signal: ShutdownSignal) {
        var machine = Machine(drainTimeout: .seconds(540))
        #expect(machine.acceptsNewTasks)
        let actions = machine.handle(.signal(signal, now: .at(10)))
        #expect(actions == [.logSignalReceived(signal), .stopConsuming, .scheduleDrainDeadline(.at(550))])
        #expect(machine.state == .draining(deadline: .at(550)))
        #expect(!machine.acceptsNewTasks)
    }

    @Test func idleShutdownIsCleanExitZero() {
        var machine = Machine(drainTimeout: .seconds(540))
        _ = machine.handle(.signal(.terminate, now: .at(0)))
        #expect(machine.handle(.allInFlightFinished(abandonedTasks: 0)) == [.commitAndClose])
        #expect(machine.state == .closing)
        #expect(machine.handle(.closeFinished) == [.exit(.clean)])
        #expect(machine.state == .exited(status: .clean))
        #expect(ShutdownExitStatus.clean.rawValue == 0)
    }

    @Test func tasksFinishingBeforeDeadlineExitZero() {
        var machine = Machine(drainTimeout: .seconds(5))
        _ = machine.handle(.signal(.interrupt, now: .at(0)))
        #expect(machine.handle(.clockTick(now: .at(4))) == [])
        #expect(machine.handle(.allInFlightFinished(abandonedTasks: 0)) == [.commitAndClose])
        #expect(machine.handle(.clockTick(now: .at(6))) == [])
        #expect(machine.handle(.closeFinished) == [.exit(.clean)])
    }

    @Test func deadlineCancelsAndAbandonedTasksExit75() {
        var machine = Machine(drainTimeout: .seconds(5))
        _ = machine.handle(.signal(.terminate, now: .at(0)))
        #expect(machine.handle(.clockTick(now: .at(5))) == [.cancelInFlight])
        #expect(machine.state == .cancelling)
        #expect(machine.handle(.clockTick(now: .at(9))) == [])
        #expect(machine.handle(.allInFlightFinished(abandonedTasks: 2)) == [.commitAndClose])
        #expect(machine.abandonedTasks == 2)
        #expect(machine.handle(.closeFinished) == [.exit(.tasksAbandoned)])
        #expect(ShutdownExitStatus.tasksAbandoned.rawValue == 75)
    }

    @Test func secondSignalCancelsAtOnce() {
        var machine = Machine(drainTimeout: .seconds(540))
        _ = machine.handle(.signal(.terminate, now: .at(0)))
        #expect(machine.handle(.signal(.interrupt, now: .at(1))) == [.cancelInFlight])
        #expect(machine.state == .cancelling)
        #expect(machine.handle(.signal(.terminate, now: .at(2))) == [])
        _ = machine.handle(.allInFlightFinished(abandonedTasks: 1))
        #expect(machine.handle(.closeFinished) == [.exit(.tasksAbandoned)])
    }

    @Test func cancelledTasksThatAllFinishedAnywayExitZero() {
        var machine = Machine(drainTimeout: .seconds(1))
        _ = machine.handle(.signal(.terminate, now: .at(0)))
        _ = machine.handle(.clockTick(now: .at(1)))
        _ = machine.handle(.allInFlightFinished(abandonedTasks: 0))
        #expect(machine.handle(.closeFinished) == [.exit(.clean)])
    }

    @Test func fatalErrorWhileRunningCancelsAndExitsOne() {
        var machine = Machine(drainTimeout: .seconds(540))
        #expect(machine.handle(.fatalError(reason: "broker gone")) == [.stopConsuming, .cancelInFlight])
        #expect(machine.state == .cancelling)
        #expect(machine.handle(.allInFlightFinished(abandonedTasks: 1)) == [.commitAndClose])
        #expect(machine.handle(.closeFinished) == [.exit(.fatal)])
        #expect(machine.fatalReason == "broker gone")
        #expect(ShutdownExitStatus.fatal.rawValue == 1)
    }

    @Test func fatalErrorWhileDrainingAndClosingWinsOverAbandoned() {
        var machine = Machine(drainTimeout: .seconds(540))
        _ = machine.handle(.signal(.terminate, now: .at(0)))
        #expect(machine.handle(.fatalError(reason: "first")) == [.cancelInFlight])
        _ = machine.handle(.allInFlightFinished(abandonedTasks: 3))
        #expect(machine.handle(.fatalError(reason: "second")) == [])
        #expect(machine.fatalReason == "first")
        #expect(machine.handle(.closeFinished) == [.exit(.fatal)])
    }

    @Test func hangupOnlyReopensLogsInEveryLiveState() {
        var machine = Machine(drainTimeout: .seconds(5))
        #expect(machine.handle(.signal(.hangup, now: .at(0))) == [.reopenLogs])
        #expect(machine.state == .running)
        _ = machine.handle(.signal(.terminate, now: .at(0)))
        #expect(machine.handle(.signal(.hangup, now: .at(1))) == [.reopenLogs])
        #expect(machine.state == .draining(deadline: .at(5)))
        _ = machine.handle(.allInFlightFinished(abandonedTasks: 0))
        #expect(machine.handle(.signal(.hangup, now: .at(2))) == [.reopenLogs])
        _ = machine.handle(.closeFinished)
        #expect(machine.handle(.signal(.hangup, now: .at(3))) == [])
    }

    @Test func eventsOutOfOrderAreIgnored() {
        var machine = Machine(drainTimeout: .seconds(5))
        #expect(machine.handle(.clockTick(now: .at(100))) == [])
        #expect(machine.handle(.allInFlightFinished(abandonedTasks: 0)) == [])
        #expect(machine.handle(.closeFinished) == [])
        #expect(machine.state == .running)
        _ = machine.handle(.signal(.terminate, now: .at(0)))
        #expect(machine.handle(.closeFinished) == [])
        _ = machine.handle(.allInFlightFinished(abandonedTasks: 0))
        #expect(machine.handle(.signal(.terminate, now: .at(1))) == [])
        #expect(machine.handle(.clockTick(now: .at(100))) == [])
        #expect(machine.handle(.allInFlightFinished(abandonedTasks: 4)) == [])
        #expect(machine.handle(.closeFinished) == [.exit(.tasksAbandoned)])
        #expect(machine.handle(.closeFinished) == [])
        #expect(machine.handle(.signal(.interrupt, now: .at(2))) == [])
        #expect(machine.handle(.fatalError(reason: "late")) == [])
        #expect(machine.state == .exited(status: .tasksAbandoned))
    }

    @Test func worksOnTheContinuousClock() {
        var machine = ShutdownStateMachine<ContinuousClock.Instant>(drainTimeout: .seconds(540))
        let origin = ContinuousClock.Instant.now
        _ = machine.handle(.signal(.terminate, now: origin))
        #expect(machine.state == .draining(deadline: origin + .seconds(540)))
    }
}
