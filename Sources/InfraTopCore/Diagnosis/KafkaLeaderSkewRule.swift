import InfraTopKafka
import Foundation

/// Partition leadership piled on few brokers: those brokers carry every write and read for
/// their partitions while the others idle, and losing one moves all of it at once.
package struct KafkaLeaderSkewRule: Sendable {
    /// Most leaders on one broker, divided by the even share, above which it is a finding.
    var threshold: Double

    package init(threshold: Double = 1.5) {
        self.threshold = threshold
    }

    package func findings(in snapshot: Snapshot) -> [Finding] {
        findings(in: snapshot, health: snapshot.kafkaHealth)
    }

    /// The findings from Kafka's health already derived for this snapshot.
    func findings(in snapshot: Snapshot, health: KafkaHealth?) -> [Finding] {
        guard let sample = snapshot.kafka?.sample, let health, let skew = health.leaderSkew,
              sample.brokers.count > 1, skew >= threshold else { return [] }
        let listed = Set(sample.brokers.map(\.id))
        let loads = health.brokerLoads.filter { listed.contains($0.broker) }
        let total = loads.reduce(0) { $0 + $1.leaders }
        guard let busiest = loads.max(by: { ($0.leaders, -$0.broker) < ($1.leaders, -$1.broker) }) else { return [] }
        return [Finding(
            severity: .warning, rule: "kafka-leader-skew",
            cause: "Kafka leadership is skewed \(String(format: "%.1f", skew))×: broker \(busiest.broker) leads \(busiest.leaders) of \(total) partitions",
            evidence: loads.map { "broker \($0.broker): \($0.leaders) leaders, \($0.replicas) replicas" },
            next: "the Kafka view (3); a preferred leader election rebalances it"
        )]
    }
}
