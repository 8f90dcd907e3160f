import Foundation

/// Runs blocking `body` on its own thread and waits at most `limit` for it.
///
/// Returns nil when the limit passed first; the thread is then left to finish on its own. Used for
/// the close steps (final commit) so that an unreachable broker cannot make shutdown hang.
func runBounded<T: Sendable>(limit: Duration, name: String, _ body: @escaping @Sendable () -> T) -> T? {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.set(body())
        done.signal()
    }
    thread.name = name
    thread.start()
    let nanoseconds = limit.components.seconds * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000
    guard done.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .success else { return nil }
    return box.get()
}

/// A value handed from one thread to another under a lock.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    func set(_ newValue: T) { lock.withLock { value = newValue } }
    func get() -> T? { lock.withLock { value } }
}
