import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKafka
@testable import InfraTopZooKeeper
@testable import InfraTopKubernetes
import InfraTopFixtures

/// The workload rules on API-shaped objects: e-commerce-saga's kafka 1/3, and a healthy cluster.
@Suite struct KafkaBrokersRuleTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    /// e-commerce-saga as the lab serves it: kafka-0 Ready, kafka-1 Pending, kafka-2 not created.
    static func saga() throws -> KubernetesState {
        try Cluster.eCommerceSaga(now: now)
    }

    static func snapshot(_ state: KubernetesState) -> Snapshot {
        var snapshot = Snapshot(takenAt: now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2, sources: [:])
        snapshot.kubernetes = state
        return snapshot
    }

    /// The snapshot with Kafka's metadata: one topic of replication factor `rf` and `min.insync.replicas` `minISR`.
    static func withTopic(_ state: KubernetesState, rf: Int, minISR: Int) -> Snapshot {
        var snapshot = snapshot(state)
        let client = Endpoint(host: "kafka-client", port: 9092)
        let replicas = (0..<Int32(rf)).map { $0 }
        let sample = KafkaSample(
            takenAt: now, metadataFrom: client, controllerID: 0,
            brokers: [KafkaSample.Broker(id: 0, advertised: client, address: client, isController: true)],
            topics: [.init(name: "orders", partitions: [.init(index: 0, leader: 0, replicas: replicas, isr: [0], highWatermark: 1)],
                           configs: ["min.insync.replicas": String(minISR)])])
        snapshot.kafka = KafkaState(sample: sample, previous: nil)
        return snapshot
    }

    @Test func theTopicsOwnMinISRDecidesWhetherMissingBrokersAreCritical() throws {
        // kafka 2 of 3: critical only if a topic needs 3 in sync, which RF 3 with min.insync.replicas 3 does.
        let twoOfThree = try Self.saga().withKafka(ready: 2, of: 3)
        let strict = try #require(KafkaBrokersRule().findings(in: Self.withTopic(twoOfThree, rf: 3, minISR: 3), components: Component.eCommerceSaga).first)
        #expect(strict.severity == .critical)
        #expect(strict.evidence.last == "with min.insync.replicas 3 (topic orders), producers with acks=all fail while fewer than 3 brokers are in sync")
        // RF 2 caps it at 2 (KIP-966): two ready brokers are enough, so it is a warning.
        let capped = try #require(KafkaBrokersRule().findings(in: Self.withTopic(twoOfThree, rf: 2, minISR: 3), components: Component.eCommerceSaga).first)
        #expect(capped.severity == .warning)
        #expect(!capped.evidence.contains { $0.hasPrefix("with min.insync.replicas") })
        // Without metadata the rule assumes 2, as before.
        let unknown = try #require(KafkaBrokersRule().findings(in: Self.snapshot(twoOfThree), components: Component.eCommerceSaga).first)
        #expect(unknown.severity == .warning)
    }

    @Test func oneBrokerOfThreeIsCriticalAndSaysWhyEachIsMissing() throws {
        // The lab's kafka-1, its scheduler's message without the preemption sentence the lab's has.
        let saga = try Self.saga()
        var kafka1 = try #require(saga.pod(named: "kafka-1"))
        let scheduled = try #require(kafka1.status.conditions.firstIndex { $0.type == "PodScheduled" })
        kafka1.status.conditions[scheduled].message = "0/3 nodes are available: 3 Insufficient memory."
        let state = saga.replacing(kafka1)
        let findings = KafkaBrokersRule().findings(in: Self.snapshot(state), components: Component.eCommerceSaga)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .critical)
        #expect(finding.cause.hasPrefix("2 of 3 Kafka brokers missing: kafka-1 Pending "))
        #expect(finding.cause.hasSuffix("(0/3 nodes are available: 3 Insufficient memory.); kafka-2 not created (OrderedReady waits for kafka-1)"))
        #expect(finding.evidence.first == "StatefulSet kafka: desired 3, ready 1")
        #expect(finding.evidence.last == "with min.insync.replicas 2 (assumed: no topic read yet), producers with acks=all fail while fewer than 2 brokers are in sync")
    }

    @Test func theLabsBrokersAreMissingInTheSchedulersWholeWords() throws {
        let findings = KafkaBrokersRule().findings(in: Self.snapshot(try Self.saga()), components: Component.eCommerceSaga)
        #expect(findings.map(\.cause) == [
            "2 of 3 Kafka brokers missing: kafka-1 Pending 2d2h (0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.); kafka-2 not created (OrderedReady waits for kafka-1)",
        ])
        #expect(findings.map(\.severity) == [.critical])
    }

    @Test func zooKeeperRegistrationsAreNamedByThePodTheMetadataGivesThem() throws {
        var snapshot = Self.snapshot(try Self.saga())
        // As in the lab: broker ids start at 1 (`kafka.firstBrokerId: 1`), so broker 1 is kafka-0.
        let endpoint = try Endpoint(parsing: "127.0.0.1:9092", defaultPort: 9092)
        let brokers = [KafkaSample.Broker(id: 1, advertised: endpoint, address: endpoint, pod: "kafka-0"),
                       KafkaSample.Broker(id: 2, advertised: endpoint, address: endpoint, unreachableReason: "refused", pod: "kafka-1")]
        snapshot.kafka = KafkaState(sample: KafkaSample(takenAt: Self.now, metadataFrom: endpoint, brokers: brokers, topics: []), previous: nil)
        let registration = KafkaBrokerRegistration(id: 1, endpoints: [], host: nil, port: nil, registeredAt: nil, version: 5, sessionID: 1, createdAt: Self.now)
        snapshot.zookeeper = ZooKeeperSample(
            endpoint: endpoint, takenAt: Self.now, duration: 0, server: nil, monitor: nil,
            kafka: KafkaRegistrations(brokers: [registration], controller: nil, topics: []), isReadOnly: nil, notes: [])
        let finding = try #require(KafkaBrokersRule().findings(in: snapshot, components: Component.eCommerceSaga).first)
        #expect(Array(finding.evidence.prefix(3)) == ["StatefulSet kafka: desired 3, ready 1", "ZooKeeper lists broker 1 (kafka-0)", "metadata lists 2 of 3 brokers"])
    }

    @Test func twoBrokersOfThreeIsAWarning() throws {
        let state = try Self.saga().withKafka1Running()
        let findings = KafkaBrokersRule().findings(in: Self.snapshot(state), components: Component.eCommerceSaga)
        #expect(findings.map(\.severity) == [.warning])
    }

    @Test func allBrokersReadyIsNoFinding() throws {
        let state = try Self.saga().withKafka(ready: 3, of: 3).withCrashLoopsFixed()
        #expect(KafkaBrokersRule().findings(in: Self.snapshot(state), components: Component.eCommerceSaga).isEmpty)
        // Nor does the generic workload rule, nor the whole diagnosis, say anything above info.
        let all = Diagnosis().findings(for: Self.snapshot(state)).filter { $0.rule != "source-not-connected" }
        #expect(all.filter { $0.severity > .info && $0.rule != "workload-absent" }.isEmpty, "\(all)")
    }

    @Test func withoutKubernetesDataTheRuleIsSilent() {
        let snapshot = Snapshot(takenAt: Self.now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2, sources: [:])
        #expect(KafkaBrokersRule().findings(in: snapshot, components: Component.eCommerceSaga).isEmpty)
    }
}
