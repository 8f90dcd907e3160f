import Foundation
import UVRKafka

/// One partition's move in `offsets reset`: from its committed offset to the target, within the log.
struct OffsetMove: Equatable {
    let partition: TopicPartition
    /// The committed offset now; nil when the group never committed one.
    let current: Int64?
    /// The offset the group will read next after the reset.
    let new: Int64
    /// Why `new` is not the plain target (clamped to the log, no message that late…); nil when it is.
    let note: String?
}

/// Computes `offsets reset` plans from what the broker said; no Kafka calls, so tests drive it directly.
enum OffsetsResetPlan {
    /// The move of `partition` to `target` given its committed offset, its log's watermarks and,
    /// for `--to-datetime`, the broker's answer (nil: no message at or after that time).
    static func move(_ partition: TopicPartition, to target: OffsetsResetSettings.Target, current: Int64?,
                     log: Watermarks, offsetForTime: Int64? = nil) -> OffsetMove {
        var wanted: Int64
        var note: String?
        switch target {
        case .earliest: wanted = log.low
        case .latest: wanted = log.high
        case .offset(let offset): wanted = offset
        case .datetime:
            if let offsetForTime {
                wanted = offsetForTime
            } else {
                wanted = log.high
                note = "no message at or after that time: log end"
            }
        case .shiftBy(let delta):
            if let current {
                wanted = current.addingReportingOverflow(delta).overflow ? (delta < 0 ? Int64.min : Int64.max) : current + delta
            } else {
                wanted = log.low + delta
                note = "no committed offset: shifted from the log start"
            }
        }
        if wanted < log.low {
            note = "clamped to the log start (\(log.low); \(wanted) is no longer stored)"
            wanted = log.low
        } else if wanted > log.high {
            note = "clamped to the log end (\(log.high); \(wanted) is past it)"
            wanted = log.high
        }
        return OffsetMove(partition: partition, current: current, new: wanted, note: note)
    }

    /// The plan as a table: GROUP TOPIC PARTITION CURRENT-OFFSET NEW-OFFSET NOTE (`-`: none).
    static func table(group: String, _ moves: [OffsetMove]) -> String {
        let header = ["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "NEW-OFFSET", "NOTE"]
        let rows = moves.map { move in
            [group, move.partition.topic, String(move.partition.partition), move.current.map(String.init) ?? "-",
             String(move.new), move.note ?? "-"]
        }
        let widths = (0..<header.count).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            zip(row, widths).enumerated().map { index, cell in
                index == row.count - 1 ? cell.0 : cell.0.padding(toLength: cell.1, withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
