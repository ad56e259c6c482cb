import Foundation

/// `default.replication.factor` above the brokers that are alive: a topic created on first
/// use asks for more replicas than exist, so the broker refuses it and clients that rely on
/// auto-creation fail.
package struct KafkaReplicationFactorRule: Sendable {
    package init() {}

    package func findings(in snapshot: Snapshot) -> [Finding] {
        guard let sample = snapshot.kafka?.sample else { return [] }
        let factors = sample.brokerConfigs.compactMap { id, configs in
            configs["default.replication.factor"].flatMap(Int.init).map { (id, $0) }
        }
        guard let (broker, factor) = factors.max(by: { ($0.1, -$0.0) < ($1.1, -$1.0) }) else { return [] }
        let live = sample.brokers.count
        guard factor > live else { return [] }
        let autoCreate = sample.brokerConfigs[broker]?["auto.create.topics.enable"]
        var evidence = [
            "broker \(broker): default.replication.factor \(factor)",
            "metadata lists \(live) live broker\(live == 1 ? "" : "s")",
        ]
        if let autoCreate { evidence.append("auto.create.topics.enable \(autoCreate)") }
        let cause = autoCreate == "false"
            ? "default.replication.factor \(factor) is above the \(live) live Kafka broker\(live == 1 ? "" : "s"): topics created without an explicit factor will fail"
            : "default.replication.factor \(factor) is above the \(live) live Kafka broker\(live == 1 ? "" : "s"): auto-created topics will fail"
        return [Finding(severity: .warning, rule: "kafka-replication-factor", cause: cause, evidence: evidence, next: "the Kafka view (3)")]
    }
}
