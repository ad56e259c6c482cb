import InfraTopKafka
import InfraTopKubernetes

/// The same Kafka brokers counted by each source that knows of them: the StatefulSet's wish,
/// its Ready pods, ZooKeeper's registrations, the metadata and the brokers that answered.
package struct KafkaBrokerCounts: Sendable, Equatable {
    /// The kafka StatefulSet's replicas; nil without Kubernetes or the StatefulSet.
    package var expected: Int?
    /// Its Ready pods; nil like ``expected``.
    package var podsReady: Int?
    /// Broker ids registered under `/brokers/ids`; nil without ZooKeeper data.
    package var registered: Int?
    package var inMetadata: Int
    package var reachable: Int

    package init(expected: Int?, podsReady: Int?, registered: Int?, inMetadata: Int, reachable: Int) {
        self.expected = expected
        self.podsReady = podsReady
        self.registered = registered
        self.inMetadata = inMetadata
        self.reachable = reachable
    }

    /// The counts for `sample` in `snapshot`, the StatefulSet found as the `kafka` component names it.
    package init(snapshot: Snapshot, components: [Component], sample: KafkaSample) {
        let set = snapshot.kafkaStatefulSet(components: components)
        self.init(
            expected: set?.desiredReplicas,
            podsReady: set?.status.readyReplicas,
            registered: snapshot.zookeeper?.kafka?.registeredBrokerIDs.count,
            inMetadata: sample.brokers.count,
            reachable: sample.brokers.filter(\.isReachable).count)
    }
}

extension Snapshot {
    /// The Kafka component's StatefulSet, when Kubernetes is connected and has it.
    package func kafkaStatefulSet(components: [Component]) -> StatefulSet? {
        let kafkaComponent = components.first { $0.name == "kafka" }
        return kafkaComponent.flatMap { component in
            kubernetes?.statefulSets.first { component.matches(name: $0.metadata.name, labels: $0.metadata.labels) }
        }
    }
}
