import Testing
import UVRKafka
@testable import UVRCLI

/// `offsets reset` plans from given offsets and watermarks: each target, clamping, and the table.
@Suite struct OffsetsResetPlanTests {
    private let partition = TopicPartition(topic: "uvr-tasks", partition: 2)
    private let log = Watermarks(low: 10, high: 50)

    private func new(_ target: OffsetsResetSettings.Target, current: Int64? = 30, byTime: Int64? = nil) -> (Int64, String?) {
        let move = OffsetsResetPlan.move(partition, to: target, current: current, log: log, offsetForTime: byTime)
        return (move.new, move.note)
    }

    @Test func targetsWithinTheLog() {
        #expect(new(.earliest) == (10, nil))
        #expect(new(.latest) == (50, nil))
        #expect(new(.offset(42)) == (42, nil))
        #expect(new(.shiftBy(-5)) == (25, nil))
        #expect(new(.shiftBy(5), current: nil) == (15, "no committed offset: shifted from the log start"))
        #expect(new(.datetime(.now), byTime: 17) == (17, nil))
        #expect(new(.datetime(.now), byTime: nil) == (50, "no message at or after that time: log end"))
    }

    @Test func targetsOutsideTheLogAreClampedAndSaid() {
        #expect(new(.offset(3)) == (10, "clamped to the log start (10; 3 is no longer stored)"))
        #expect(new(.offset(99)) == (50, "clamped to the log end (50; 99 is past it)"))
        #expect(new(.shiftBy(-100)) == (10, "clamped to the log start (10; -70 is no longer stored)"))
        #expect(new(.shiftBy(Int64.max)).0 == 50, "no overflow")
    }

    @Test func tableHasTheColumnsAndDashesForUnknowns() {
        let moves = [
            OffsetsResetPlan.move(TopicPartition(topic: "uvr-tasks", partition: 0), to: .earliest, current: nil, log: log),
            OffsetsResetPlan.move(TopicPartition(topic: "uvr-tasks", partition: 1), to: .offset(99), current: 12, log: log),
        ]
        #expect(OffsetsResetPlan.table(group: "g", moves) == """
            GROUP  TOPIC      PARTITION  CURRENT-OFFSET  NEW-OFFSET  NOTE
            g      uvr-tasks  0          -               10          -
            g      uvr-tasks  1          12              50          clamped to the log end (50; 99 is past it)

            """)
    }
}
