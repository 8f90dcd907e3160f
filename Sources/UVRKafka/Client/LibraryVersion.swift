internal import CRdKafka

/// Facts about the librdkafka this binary was linked with.
public enum KafkaLibrary {
    /// librdkafka's own version string, e.g. "2.0.2".
    public static var version: String { String(cString: rd_kafka_version_str()) }
}
