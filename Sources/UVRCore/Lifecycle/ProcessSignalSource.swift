import Foundation
import Synchronization
internal import CSysShim
#if canImport(Glibc)
import Glibc
#endif

/// The process's real SIGTERM, SIGINT and SIGHUP as a `SignalSource`.
///
/// A C handler (CSysShim) writes each signal's number to a pipe (async-signal-safe: one write(2));
/// a dedicated thread reads the pipe and yields to the stream, so no Swift code runs in handler
/// context. The reader thread unblocks the handled signals, so they arrive even when the parent
/// started uvrctl with them blocked. `cancel()` restores the default dispositions. Only one source should handle a given
/// signal at a time: a newer source takes the signal over.
public final class ProcessSignalSource: SignalSource {
    public let signals: AsyncStream<ShutdownSignal>
    private let continuation: AsyncStream<ShutdownSignal>.Continuation
    private let handled: [ShutdownSignal]
    /// The pipe's write end while active; -1 once cancelled.
    private let writeEnd: Mutex<Int32>

    /// Starts forwarding `handled` (default: TERM, INT and HUP).
    public init(handling handled: [ShutdownSignal] = ShutdownSignal.allCases) throws(LifecycleError) {
        (signals, continuation) = AsyncStream.makeStream(of: ShutdownSignal.self, bufferingPolicy: .unbounded)
        self.handled = handled
        var fds: [Int32] = [-1, -1]
        guard uvr_signal_pipe_open(&fds) == 0 else {
            throw LifecycleError.system("cannot create the signal pipe", errno: errno)
        }
        writeEnd = Mutex(fds[1])
        let readEnd = fds[0]
        let continuation = continuation
        let numbers = handled.map(\.number)
        let reader = Thread {
            // A parent may have started us with these signals blocked (Foundation.Process does,
            // swift-corelibs-foundation#4772): unblock them here so this thread receives them.
            var unblocked = sigset_t()
            sigemptyset(&unblocked)
            for number in numbers { sigaddset(&unblocked, number) }
            pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 {
                    if let signal = ShutdownSignal(number: Int32(byte)) { continuation.yield(signal) }
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            close(readEnd)
            continuation.finish()
        }
        reader.name = "uvrctl.signals"
        reader.start()
        for signal in handled {
            guard uvr_signal_forward(signal.number, fds[1]) == 0 else {
                let code = errno
                cancel()
                throw LifecycleError.system("cannot install a handler for \(signal.name)", errno: code)
            }
        }
    }

    public func cancel() {
        writeEnd.withLock { fd in
            guard fd >= 0 else { return }
            for signal in handled { _ = uvr_signal_restore_default(signal.number) }
            close(fd)  // The reader sees end-of-file and finishes the stream.
            fd = -1
        }
    }

    deinit {
        cancel()
    }
}
