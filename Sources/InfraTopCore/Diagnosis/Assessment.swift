import Foundation
import InfraTopKafka
import InfraTopRedis

/// What infratop concludes from the store as it stands: typed facts, derived once when a poll
/// result or watch event changes the store and shared by every frame until the next change.
/// Views and `check` make sentences from it; nothing here is read back from text.
package struct Assessment: Sendable {
    /// Each component's workload: replicas, each missing one with how long and why, by component name.
    package var workloads: [String: WorkloadScaling]
    /// Each component's health, by component name (the `health` of ``workloads``).
    package var healths: [String: WorkloadHealth]
    /// Kafka's partitions, brokers and min ISR as brokers count it; nil without Kafka data.
    package var kafka: KafkaHealth?
    /// Kafka's brokers as each source counts them; nil without Kafka data.
    package var kafkaBrokers: KafkaBrokerCounts?
    /// Each consumer group with the pods and workload that consume for it; empty without Kafka data.
    package var groups: [GroupConsumers]
    /// ISR shrinks and expands of the last minutes with the broker pods' changes before them; nil when none.
    package var isrChurn: ISRChurn?
    /// Redis's rates and forecast; nil without Redis data.
    package var redis: RedisHealth?
    /// The memory limit of mongod's container, from its pod spec; nil without one.
    package var mongodbMemoryLimit: MongoMemoryLimit?
    /// Every rule's findings, root causes first, then worst first.
    package var findings: [Finding]

    package init(snapshot: Snapshot, diagnosis: Diagnosis) {
        var workloads: [String: WorkloadScaling] = [:]
        if let state = snapshot.kubernetes {
            for component in diagnosis.components where workloads[component.name] == nil {
                workloads[component.name] = WorkloadScaling(component: component, snapshot: snapshot, state: state)
            }
        }
        self.workloads = workloads
        healths = workloads.mapValues(\.health)
        kafka = snapshot.kafkaHealth
        kafkaBrokers = snapshot.kafka.map { KafkaBrokerCounts(snapshot: snapshot, components: diagnosis.components, sample: $0.sample) }
        redis = snapshot.redis?.health
        mongodbMemoryLimit = snapshot.mongodb == nil ? nil : MongoMemoryLimit(snapshot: snapshot, components: diagnosis.components)
        isrChurn = ISRChurn(history: snapshot.history, brokers: snapshot.kafka?.sample.brokers ?? [], now: snapshot.takenAt)
        groups = snapshot.kafka.map { GroupConsumers.all(sample: $0.sample, state: snapshot.kubernetes, components: diagnosis.components) } ?? []
        findings = diagnosis.findings(for: snapshot, healths: healths, kafka: kafka, isrChurn: isrChurn, groups: groups)
    }
}
