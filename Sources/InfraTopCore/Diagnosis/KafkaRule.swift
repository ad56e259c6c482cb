import InfraTopKafka
import Foundation

/// What Kafka's metadata says is broken for producers and consumers: partitions under
/// `min.insync.replicas` or offline, unreachable brokers, brokers sharing one advertised address.
package struct KafkaRule: Sendable {
    init() {}

    package func findings(in snapshot: Snapshot) -> [Finding] {
        findings(in: snapshot, health: snapshot.kafkaHealth)
    }

    /// The findings from Kafka's health already derived for this snapshot.
    func findings(in snapshot: Snapshot, health: KafkaHealth?) -> [Finding] {
        guard let kafka = snapshot.kafka, let health else { return [] }
        var findings: [Finding] = []
        if !health.underMinISR.isEmpty {
            findings.append(Finding(
                severity: .critical, rule: "kafka-under-min-isr",
                cause: "producers with acks=all get NOT_ENOUGH_REPLICAS on \(health.underMinISR.count) partitions",
                evidence: health.underMinISR.prefix(5).map(\.description) + (health.underMinISR.count > 5 ? ["and \(health.underMinISR.count - 5) more"] : []),
                next: "the Kafka view (3)"
            ))
        }
        if !health.offline.isEmpty {
            findings.append(Finding(
                severity: .critical, rule: "kafka-offline-partitions",
                cause: "\(health.offline.count) Kafka partitions have no live leader: reads and writes to them fail",
                evidence: health.offline.prefix(5).map(\.description),
                next: "the Kafka view (3)"
            ))
        }
        let unreachable = kafka.sample.brokers.filter { !$0.isReachable }
        if !unreachable.isEmpty {
            findings.append(Finding(
                severity: .warning, rule: "kafka-broker-unreachable",
                cause: "\(unreachable.count) of \(kafka.sample.brokers.count) Kafka brokers in metadata cannot be reached from here",
                evidence: unreachable.map { "broker \($0.id) at \($0.address): \($0.unreachableReason ?? "unreachable")" }
            ))
        }
        for shared in health.sharedAdvertisements {
            findings.append(Finding(severity: .warning, rule: "kafka-shared-advertisement", cause: shared.description))
        }
        return findings
    }
}
