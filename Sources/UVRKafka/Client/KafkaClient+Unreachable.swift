internal import CRdKafka

extension KafkaClient {
    /// Maps `err` from a query, calling it "unreachable" when librdkafka reported that no broker answers.
    func error(_ err: rd_kafka_resp_err_t, context: String) -> KafkaError {
        reclassify(KafkaError(err, context: context), context: nil)
    }

    /// Prefixes `context`, and turns a timeout into `.unreachable` when the client's last error says
    /// no broker could be reached. For query handles only: it serves the main queue (rd_kafka_poll)
    /// so that error_cb has run.
    func reclassify(_ error: KafkaError, context: String?) -> KafkaError {
        if error.code == .timedOut, !isClosed { rd_kafka_poll(pointer, 0) }
        let prefix = context.map { "\($0): " } ?? ""
        if error.code == .unreachable {
            return KafkaError(code: .unreachable, name: error.name,
                              message: "\(prefix)no broker reachable at \(bootstrapServers): \(error.message)",
                              librdkafkaCode: error.librdkafkaCode)
        }
        guard error.code == .timedOut, let clientError = callbacks.clientError, clientError.isUnreachable else {
            return KafkaError(code: error.code, name: error.name, message: prefix + error.message, librdkafkaCode: error.librdkafkaCode)
        }
        return KafkaError(code: .unreachable, name: clientError.name,
                          message: "\(prefix)no broker reachable at \(bootstrapServers): \(clientError.message)",
                          librdkafkaCode: clientError.librdkafkaCode)
    }
}
