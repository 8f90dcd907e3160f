import Foundation
import Synchronization

/// Runs blocking work on a dedicated thread and gives up waiting after a time limit.
///
/// librdkafka's close and destroy calls can hang (2.0.2); the watchdog bounds how long the caller
/// waits. When the limit passes, the thread is left running (it cannot be cancelled) and the
/// caller must treat whatever it was working on as abandoned.
enum Watchdog {
    /// Runs `body` on a new thread; returns its value, or nil when it did not finish within `limit`.
    static func run<T: Sendable>(limit: Duration, name: String, _ body: @escaping @Sendable () -> T) -> T? {
        let result = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let value = body()
            result.withLock { $0 = value }
            done.signal()
        }
        thread.name = name
        thread.start()
        guard done.wait(timeout: .now() + limit.timeInterval) == .success else { return nil }
        return result.withLock { $0 }
    }

    /// Runs blocking `body` on a new thread and resumes the caller's task with its result.
    /// Keeps librdkafka's blocking calls off Swift's cooperative pool.
    static func offload<T: Sendable>(name: String, _ body: @escaping @Sendable () throws(KafkaError) -> T)
        async throws(KafkaError) -> T {
        let result: Result<T, KafkaError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                do throws(KafkaError) { continuation.resume(returning: .success(try body())) } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.name = name
            thread.start()
        }
        return try result.get()
    }
}

extension Duration {
    /// Seconds as a TimeInterval, for Dispatch and Foundation.
    var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }

    /// Milliseconds clamped to librdkafka's Int32 timeout parameters (at least 0).
    var milliseconds: Int32 {
        Int32(clamping: max(0, Int64((timeInterval * 1000).rounded(.up))))
    }
}
