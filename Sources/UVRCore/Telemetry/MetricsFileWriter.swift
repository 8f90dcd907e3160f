import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Rewrites a Prometheus text file on its own thread every interval, and once more at `stop()`.
/// Each write goes to a hidden temporary name and is renamed into place (the node_exporter
/// textfile-collector convention), so a scraper never reads half a file.
public final class MetricsFileWriter: Sendable {
    /// The file written.
    public let path: String
    private let interval: Duration
    private let render: @Sendable () -> String
    private let logger: Logger
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)
    private let lastProblem = Mutex<String?>(nil)

    /// Starts writing `render()` to `path` now and every `interval`; problems are logged (once each).
    public init(path: String, interval: Duration, logger: Logger, render: @escaping @Sendable () -> String) {
        self.path = path
        self.interval = interval
        self.render = render
        self.logger = logger
        let thread = Thread { [self] in run() }
        thread.name = "uvrctl-metrics"
        thread.start()
    }

    /// Writes the file a last time and stops the thread (waits at most `limit` for that write).
    public func stop(limit: Duration = .seconds(5)) {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        wake.signal()
        _ = finished.wait(timeout: .now() + limit.timeInterval)
    }

    private func run() {
        while true {
            writeOnce()
            if stopping.load(ordering: .acquiring) { break }
            _ = wake.wait(timeout: .now() + interval.timeInterval)
            if stopping.load(ordering: .acquiring) {
                writeOnce()
                break
            }
        }
        finished.signal()
    }

    /// Writes the current metrics atomically; logs a failure once until it changes or clears.
    func writeOnce() {
        let problem = Self.write(render(), to: path)
        let isNew = lastProblem.withLock { last -> Bool in
            defer { last = problem }
            return problem != nil && problem != last
        }
        if isNew, let problem { logger.warn("--metrics-file \(path): \(problem)") }
    }

    /// Writes `text` to a temporary file beside `path` and renames it into place; the problem, if any.
    static func write(_ text: String, to path: String) -> String? {
        let temporary = AtomicFile.temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return "cannot create \(temporary): \(String(cString: strerror(errno)))" }
        let wrote = writeAll(descriptor, Array(text.utf8))
        close(descriptor)
        guard wrote else {
            unlink(temporary)
            return "cannot write \(temporary): \(String(cString: strerror(errno)))"
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return "cannot rename \(temporary) into place: \(reason)"
        }
        return nil
    }
}

extension Duration {
    /// Seconds as a TimeInterval, for Dispatch.
    var timeInterval: TimeInterval {
        TimeInterval(components.seconds) + TimeInterval(components.attoseconds) / 1e18
    }
}
