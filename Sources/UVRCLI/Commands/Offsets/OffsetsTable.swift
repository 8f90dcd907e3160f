import Foundation

/// Renders offsets rows as kafka-consumer-groups' table (with per-topic totals) or as JSON.
enum OffsetsTable {
    /// The column headers, as kafka-consumer-groups prints them.
    static let headers = ["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"]

    /// The table: a header, the rows in order, and after each run of one group's rows on one
    /// topic a TOTAL row (sum of log-end offsets and lags). `-` marks an unknown value.
    static func text(_ rows: [OffsetRow]) -> String {
        var lines = [headers]
        var index = rows.startIndex
        while index < rows.endIndex {
            let first = rows[index]
            let end = rows[index...].firstIndex { $0.group != first.group || $0.topic != first.topic } ?? rows.endIndex
            let run = rows[index..<end]
            for row in run {
                lines.append([row.group, row.topic, String(row.partition), row.currentOffset.map(String.init) ?? "-",
                              String(row.logEndOffset), String(row.lag),
                              row.member?.consumerID ?? "-", row.member?.host ?? "-", row.member?.clientID ?? "-"])
            }
            lines.append([first.group, first.topic, "TOTAL", "-", String(run.reduce(0) { $0 + $1.logEndOffset }),
                          String(run.reduce(0) { $0 + $1.lag }), "-", "-", "-"])
            index = end
        }
        let widths = headers.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { cells in
            cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// A JSON array, one object per line with the keys group, topic, partition, current_offset
    /// (null when never committed), log_end_offset, lag.
    static func json(_ rows: [OffsetRow]) -> String {
        rows.isEmpty ? "[]\n" : "[\n" + rows.map { "  " + $0.jsonObject }.joined(separator: ",\n") + "\n]\n"
    }
}
