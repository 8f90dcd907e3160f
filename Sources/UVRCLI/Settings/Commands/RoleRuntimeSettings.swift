import Foundation

/// What run-processor and run-uploader share as long-running roles: PID directory, parallelism,
/// drain timeout and metrics.
public struct RoleRuntimeSettings: CommandSettings, Equatable {
    /// `--pid-dir`; the role's PID file (`processor.pid`, `uploader.pid`) lives in it.
    public var pidDirectory: URL
    /// `--concurrency`, at least 1: tasks in flight at once.
    public var concurrency: Int
    /// `--drain-timeout`: how long in-flight work may finish after the first SIGTERM/SIGINT.
    public var drainTimeout: Duration
    /// `--metrics-file`: Prometheus text file, nil for none.
    public var metricsFile: URL?
    /// `--metrics-interval`: how often the metrics file is rewritten.
    public var metricsInterval: Duration

    public init(resolving resolver: SettingsResolver) throws(CLIError) {
        pidDirectory = try resolver.path("pid-dir")!
        concurrency = try resolver.integer("concurrency", in: 1...1024)!
        drainTimeout = try resolver.duration("drain-timeout")!
        metricsFile = try resolver.path("metrics-file")
        metricsInterval = try resolver.duration("metrics-interval")!
    }
}
