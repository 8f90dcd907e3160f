import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import UVRCore

/// Tests that signal the test process itself; serialized so no two install handlers at once.
@Suite(.serialized) struct SignalSourceTests {
    @Test func realSignalsArriveAsEventsInOrder() async throws {
        let source = try ProcessSignalSource()
        defer { source.cancel() }
        var iterator = source.signals.makeAsyncIterator()
        #expect(kill(getpid(), SIGHUP) == 0)
        #expect(await iterator.next() == .hangup)
        #expect(kill(getpid(), SIGTERM) == 0)
        #expect(await iterator.next() == .terminate)
        #expect(kill(getpid(), SIGINT) == 0)
        #expect(await iterator.next() == .interrupt)
    }

    @Test func cancelFinishesTheStream() async throws {
        let source = try ProcessSignalSource(handling: [.hangup])
        source.cancel()
        var iterator = source.signals.makeAsyncIterator()
        #expect(await iterator.next() == nil)
    }

    @Test func syntheticSourceDeliversWhatIsSent() async {
        let source = SyntheticSignalSource()
        source.send(.interrupt)
        source.send(.terminate)
        source.cancel()
        var received: [ShutdownSignal] = []
        for await signal in source.signals { received.append(signal) }
        #expect(received == [.interrupt, .terminate])
    }

    @Test func signalNumbersAndNames() {
        #expect(ShutdownSignal(number: SIGTERM) == .terminate)
        #expect(ShutdownSignal(number: SIGKILL) == nil)
        #expect(ShutdownSignal.interrupt.name == "SIGINT")
        #expect(!ShutdownSignal.hangup.requestsShutdown)
    }
}
