import UVRCore
import UVRKafka

extension RoleSetup {
    /// `requireReachable(_:topic:timeout:)` on a dedicated thread, so the wait for an absent
    /// broker never blocks a thread of Swift's cooperative pool.
    static func requireReachableOffPool(_ config: KafkaConfig, topic: String, timeout: Duration) async throws(CLIError) {
        let outcome = await onDedicatedThread(named: "kafka-reachability") { () -> CLIError? in
            do throws(CLIError) {
                try requireReachable(config, topic: topic, timeout: timeout)
                return nil
            } catch {
                return error
            }
        }
        if let outcome { throw outcome }
    }
}
