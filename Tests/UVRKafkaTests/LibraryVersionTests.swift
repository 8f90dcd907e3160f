import Testing
@testable import UVRKafka

@Test func linkedLibrdkafkaIsVersionTwo() {
    #expect(KafkaLibrary.version.hasPrefix("2."))
}
