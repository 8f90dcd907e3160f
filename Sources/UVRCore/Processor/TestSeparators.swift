import Foundation
import UVRSeparation

/// Separators for tests and benchmarks, chosen with `UVRCTL_TEST_SEPARATOR` (documented as a
/// testing aid): `noop` writes nothing (the pipeline's own overhead), `sleep:SECONDS` waits that
/// long, cancellably, before running the real separator (makes "mid-task" deterministic).
public enum TestSeparators {
    /// The environment variable that selects a test separator.
    public static let environmentKey = "UVRCTL_TEST_SEPARATOR"

    /// The test separator `environment` asks for, wrapping `real`; nil when none is asked for.
    public static func fromEnvironment(_ environment: [String: String], real: any Separator) -> Result<(any Separator)?, TaskFailure> {
        guard let value = environment[environmentKey], !value.isEmpty else { return .success(nil) }
        if value == "noop" { return .success(NoopSeparator()) }
        if value.hasPrefix("sleep:"), let seconds = Double(value.dropFirst("sleep:".count)), seconds >= 0 {
            return .success(DelayedSeparator(delay: seconds, then: real))
        }
        return .failure(TaskFailure(.separationFailed, "\(environmentKey) must be 'noop' or 'sleep:SECONDS', got \(value.debugDescription)"))
    }
}

/// Writes nothing and succeeds at once: measures the pipeline without the separation.
struct NoopSeparator: Separator {
    func separate(_ request: SeparationRequest, progress: @Sendable (Double) -> Void,
                  cancellation: CancellationFlag) throws(SeparationError) -> SeparationReport {
        SeparationReport(audioDurationSeconds: 0, sampleRate: 0, channels: 0, wallTimeSeconds: 0)
    }
}

/// Waits `delay` seconds (checking cancellation every 10 ms), then runs `then`.
struct DelayedSeparator: Separator {
    let delay: Double
    let then: any Separator

    func separate(_ request: SeparationRequest, progress: @Sendable (Double) -> Void,
                  cancellation: CancellationFlag) throws(SeparationError) -> SeparationReport {
        let deadline = Date().addingTimeInterval(delay)
        while Date() < deadline {
            try cancellation.check()
            usleep(10_000)
        }
        return try then.separate(request, progress: progress, cancellation: cancellation)
    }
}
