import Testing
@testable import UVRCore

@Suite struct ContractLogLineTests {
    @Test func linesAreVerbatim() {
        #expect(ContractLogLine.receivedTask("3f1c") == "Received task: 3f1c")
        #expect(ContractLogLine.receivedSignal(.terminate) == "Received SIGTERM, initiating graceful shutdown...")
        #expect(ContractLogLine.receivedSignal(.interrupt) == "Received SIGINT, initiating graceful shutdown...")
        #expect(ContractLogLine.shutdownRequested == "Shutdown requested, stopping message consumption")
        #expect(ContractLogLine.offsetCommitted("3f1c") == "[3f1c] Offset committed successfully")
        #expect(ContractLogLine.finalOffsetCommitted == "Final offset committed")
        #expect(ContractLogLine.kafkaConsumerClosed == "Kafka consumer closed")
        #expect(ContractLogLine.kafkaProducerClosed == "Kafka producer closed")
        #expect(ContractLogLine.shutdownComplete(.processor) == "Processor shutdown complete")
        #expect(ContractLogLine.shutdownComplete(.uploader) == "Uploader shutdown complete")
        #expect(ContractLogLine.abandonedAtShutdown("3f1c") == "[3f1c] Abandoned at shutdown; it will be redelivered")
    }
}
