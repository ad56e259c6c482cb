import InfraTopKafka

/// The last good Kafka sample and the one before it, from which rates are taken.
package struct KafkaState: Sendable, Equatable, Codable {
    package var sample: KafkaSample
    package var previous: KafkaSample?

    package init(sample: KafkaSample, previous: KafkaSample?) {
        self.sample = sample
        self.previous = previous
    }
}

extension Snapshot {
    /// What Kafka should look like here: `min.insync.replicas` 2 (e-commerce-saga's) unless a
    /// topic says otherwise, and as many brokers as the kafka StatefulSet wants, when known.
    func kafkaExpectations(statefulSet name: String = "kafka") -> KafkaHealth.Expectations {
        let wanted = kubernetes?.statefulSets.first { $0.metadata.name == name }?.desiredReplicas
        return KafkaHealth.Expectations(minInsyncReplicas: 2, brokerCount: wanted)
    }

    /// Kafka's derived facts for this snapshot, or nil without Kafka data.
    package var kafkaHealth: KafkaHealth? {
        kafka.map { KafkaHealth(sample: $0.sample, previous: $0.previous, expectations: kafkaExpectations()) }
    }
}
