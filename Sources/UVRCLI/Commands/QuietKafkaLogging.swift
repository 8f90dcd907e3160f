import UVRKafka

extension KafkaConfig {
    /// This configuration with only librdkafka's error-level lines (syslog 0…3) logged: for
    /// short-lived query and reader handles, whose warnings (e.g. "allow.auto.create.topics not
    /// supported by broker") say nothing to the user that the command's own errors do not.
    func loggingErrorsOnly() -> KafkaConfig {
        var config = self
        guard let handler = logHandler else { return config }
        config.logHandler = { level, facility, message in
            if level <= 3 { handler(level, facility, message) }
        }
        return config
    }
}
