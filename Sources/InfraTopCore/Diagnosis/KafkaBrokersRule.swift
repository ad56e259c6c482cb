import Foundation
import InfraTopKubernetes

/// The finding infratop exists for: Kafka brokers the StatefulSet wants but that do not run,
/// why each is missing, what ZooKeeper and the metadata say, and what that breaks.
///
/// With replication factor 3 and `min.insync.replicas` 2, a single live broker silently fails
/// every producer that waits for acks=all, so fewer ready brokers than min ISR is critical.
package struct KafkaBrokersRule: Sendable {
    package var component: String
    package var minInsyncReplicas: Int

    package init(component: String = "kafka", minInsyncReplicas: Int = 2) {
        self.component = component
        self.minInsyncReplicas = minInsyncReplicas
    }

    package func findings(in snapshot: Snapshot, components: [Component]) -> [Finding] {
        guard let state = snapshot.kubernetes, let kafka = components.first(where: { $0.name == component }) else { return [] }
        let health = WorkloadHealth(component: kafka, state: state, now: snapshot.takenAt)
        guard health.exists, health.ready < health.desired else { return [] }
        let missing = health.desired - health.ready
        let reasons = health.missing.map(Self.brief).joined(separator: "; ")
        var evidence = ["StatefulSet \(health.workloadName): desired \(health.desired), ready \(health.ready)"]
        if let registered = snapshot.zookeeper?.kafka?.registeredBrokerIDs {
            // Broker ids need not be ordinals (`kafka.firstBrokerId`): name the pod where the metadata says which.
            let pods = Dictionary((snapshot.kafka?.sample.brokers ?? []).compactMap { broker in broker.pod.map { (Int(broker.id), $0) } },
                                  uniquingKeysWith: { first, _ in first })
            let named = registered.sorted().map { id in pods[id].map { "\(id) (\($0))" } ?? String(id) }
            evidence.append("ZooKeeper lists \(registered.isEmpty ? "no broker" : "broker" + (registered.count == 1 ? " " : "s ") + named.joined(separator: ", "))")
        }
        if let sample = snapshot.kafka?.sample {
            evidence.append("metadata lists \(sample.brokers.count) of \(health.desired) brokers")
        }
        evidence += health.missing.map(\.description)
        let critical = health.ready < minInsyncReplicas
        if critical {
            evidence.append("with min.insync.replicas \(minInsyncReplicas), producers with acks=all fail while fewer than \(minInsyncReplicas) brokers are in sync")
        }
        return [Finding(
            severity: critical ? .critical : .warning,
            rule: "kafka-brokers-missing",
            cause: "\(missing) of \(health.desired) Kafka brokers missing: \(reasons)",
            evidence: evidence,
            next: "the Scaling view (6) and the Kafka view (3)"
        )]
    }

    /// `kafka-1 Pending 14m (0/3 nodes are available: 3 Insufficient memory.)`.
    static func brief(_ replica: MissingReplica) -> String {
        let head = [replica.name, replica.state, replica.age].compactMap { $0 }.joined(separator: " ")
        guard let reason = replica.reason, !reason.isEmpty else { return head }
        return "\(head) (\(reason))"
    }
}
