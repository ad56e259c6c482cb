import Foundation
import InfraTopBasics
import InfraTopKafka
import InfraTopKubernetes

/// The finding infratop exists for: Kafka brokers the StatefulSet wants but that do not run,
/// why each is missing, what ZooKeeper and the metadata say, and what that breaks.
///
/// With replication factor 3 and `min.insync.replicas` 2, a single live broker silently fails
/// every producer that waits for acks=all, so fewer ready brokers than min ISR is critical. The
/// min ISR is the topics' own, as brokers count it (``KafkaHealth/effectiveMinISR``); without
/// Kafka's metadata, `minInsyncReplicas`.
package struct KafkaBrokersRule: Sendable {
    package var component: String
    /// The min ISR assumed while no topic's is known.
    package var minInsyncReplicas: Int

    package init(component: String = "kafka", minInsyncReplicas: Int = 2) {
        self.component = component
        self.minInsyncReplicas = minInsyncReplicas
    }

    package func findings(in snapshot: Snapshot, components: [Component]) -> [Finding] {
        findings(in: snapshot, healths: WorkloadHealth.all(of: components.filter { $0.name == component }, in: snapshot))
    }

    /// The finding from healths already derived (``WorkloadHealth/all(of:in:)``).
    func findings(in snapshot: Snapshot, healths: [String: WorkloadHealth], kafka: KafkaHealth? = nil) -> [Finding] {
        guard let health = healths[component], health.exists, health.ready < health.desired else { return [] }
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
        let unschedulable = health.missing.compactMap { replica in snapshot.kubernetes.flatMap { Self.unschedulable(replica, in: $0) } }
        evidence += unschedulable
        if !unschedulable.isEmpty { evidence += Self.room(on: snapshot.kubernetes?.nodeRooms, at: snapshot.takenAt) }
        let kafkaHealth = kafka ?? snapshot.kafkaHealth
        let needed = Self.strictestMinISR(kafkaHealth)
        let minISR = needed?.count ?? minInsyncReplicas
        let critical = health.ready < minISR
        if critical {
            let basis = needed.flatMap { needed in kafkaHealth?.topics.first { $0.name == needed.topic }?.minInsyncReplicasBasis }
            let topic = needed.map { " (topic \($0.topic)\(basis == .assumed ? ", assumed: brokers don't report it" : ""))" }
                ?? " (assumed: no topic read yet)"
            evidence.append("with min.insync.replicas \(minISR)\(topic), producers with acks=all fail while fewer than \(minISR) brokers are in sync")
        }
        return [Finding(
            severity: critical ? .critical : .warning,
            rule: "kafka-brokers-missing",
            cause: "\(missing) of \(health.desired) Kafka brokers missing: \(reasons)",
            evidence: evidence,
            next: "the Scaling view (6) and the Kafka view (3)",
            subject: .init(component: component, pods: health.missing.map(\.name))
        )]
    }

    /// The topic that needs the most replicas in sync, and how many; nil without topics.
    static func strictestMinISR(_ health: KafkaHealth?) -> (topic: String, count: Int)? {
        health?.effectiveMinISR
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .first.map { ($0.key, $0.value) }
    }

    /// What an unschedulable replica asks for, to set beside the scheduler's "Insufficient memory":
    /// `kafka-1 requests 3Gi memory and 500m CPU`; nil for a replica the scheduler has placed.
    static func unschedulable(_ replica: MissingReplica, in state: KubernetesState) -> String? {
        guard let pod = state.pod(named: replica.name), pod.isUnschedulable else { return nil }
        return PodRequests(pod).text.map { "\(replica.name) requests \($0)" } ?? "\(replica.name) requests no memory or CPU"
    }

    /// Each node's free memory and CPU, to set beside what an unschedulable pod requests:
    /// `node saga-worker-1: 2.4Gi of 4.5Gi allocatable memory free, 1.3 of 3.4 CPU`.
    static func room(on rooms: NodeRooms?, at now: Date) -> [String] {
        switch rooms {
        case nil:
            return []
        case .read(let nodes, let everyNamespace, let readAt)?:
            let lines = nodes.map { room in
                let memory = room.freeMemory.map { "\(Quantity.bytesText($0)) of \(Quantity.bytesText(room.allocatableMemory ?? 0)) allocatable memory free" }
                let cpu = room.freeCPU.map { "\(Quantity.coresText($0)) of \(Quantity.coresText(room.allocatableCPU ?? 0)) CPU" }
                return "node \(room.node): " + ([memory, cpu].compactMap { $0 }.joined(separator: ", ").nonEmpty ?? "allocatable not reported")
            }
            // Read at most every 30 s: the lines are as of then, and say so.
            let age = "nodes read \(DurationText.short(now.timeIntervalSince(readAt))) ago"
            return lines + [age] + (everyNamespace ? [] : ["counting this namespace's pods only (the Role cannot list pods in other namespaces), so nodes have less free than shown"])
        case .forbidden?:
            return ["the Role cannot list nodes, so their free memory is not shown; a ClusterRole rule {apiGroups: [\"\"], resources: [nodes], verbs: [list]} shows it"]
        case .tooMany(let count)?:
            return ["\(count) nodes: kubectl describe nodes shows each one's allocated resources"]
        case .failed(let reason)?:
            return ["the nodes could not be read: \(reason)"]
        }
    }

    /// `kafka-1 Pending 14m (0/3 nodes are available: 3 Insufficient memory.)`.
    static func brief(_ replica: MissingReplica) -> String {
        let head = [replica.name, replica.state, replica.age].compactMap { $0 }.joined(separator: " ")
        guard let reason = replica.reason, !reason.isEmpty else { return head }
        return "\(head) (\(reason))"
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
