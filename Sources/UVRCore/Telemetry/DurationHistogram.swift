/// A Prometheus histogram of task durations: cumulative bucket counts, sum and count.
struct DurationHistogram: Sendable {
    /// Upper bounds in seconds: a no-op task takes milliseconds, a song's separation minutes.
    static let bounds: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800]

    /// Observations at or below each bound (not yet cumulative).
    private(set) var counts = [UInt64](repeating: 0, count: bounds.count)
    /// All observations.
    private(set) var count: UInt64 = 0
    /// Their sum in seconds.
    private(set) var sum: Double = 0

    /// Adds one observation of `seconds`.
    mutating func observe(_ seconds: Double) {
        if let index = Self.bounds.firstIndex(where: { seconds <= $0 }) { counts[index] += 1 }
        count += 1
        sum += seconds
    }

    /// The cumulative count of each bound, `+Inf` last (equal to `count`).
    var cumulative: [(bound: String, count: UInt64)] {
        var running: UInt64 = 0
        var rows: [(String, UInt64)] = []
        for (bound, count) in zip(Self.bounds, counts) {
            running += count
            rows.append((PrometheusText.number(bound), running))
        }
        rows.append(("+Inf", count))
        return rows
    }
}
