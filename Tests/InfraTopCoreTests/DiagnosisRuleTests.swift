import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKafka
@testable import InfraTopZooKeeper
@testable import InfraTopKubernetes

/// The workload rules on API-shaped objects: e-commerce-saga's kafka 1/3, and a healthy cluster.
@Suite struct KafkaBrokersRuleTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func statefulSet(ready: Int) throws -> StatefulSet {
        try JSONDecoder().decode(StatefulSet.self, from: Data("""
        {"metadata":{"name":"kafka","namespace":"e-commerce-saga"},
         "spec":{"replicas":3,"podManagementPolicy":"OrderedReady","serviceName":"kafka-headless","selector":{"matchLabels":{"app":"kafka"}}},
         "status":{"replicas":\(max(ready, 2)),"readyReplicas":\(ready),"currentReplicas":\(max(ready, 2)),"updatedReplicas":\(max(ready, 2))}}
        """.utf8))
    }

    static func pod(_ name: String, ready: Bool, pending: Bool = false) throws -> Pod {
        let status = pending
            ? #""status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"Unschedulable","message":"0/3 nodes are available: 3 Insufficient memory.","lastTransitionTime":"2026-11-18T09:00:00Z"}]}"#
            : #""status":{"phase":"Running","conditions":[{"type":"Ready","status":"\#(ready ? "True" : "False")"}],"containerStatuses":[{"name":"kafka","ready":\#(ready),"restartCount":0,"state":{"running":{"startedAt":"2026-11-18T09:00:00Z"}}}]}"#
        return try JSONDecoder().decode(Pod.self, from: Data("""
        {"metadata":{"name":"\(name)","namespace":"e-commerce-saga","creationTimestamp":"2026-11-18T09:00:00Z","labels":{"app":"kafka"},
          "ownerReferences":[{"kind":"StatefulSet","name":"kafka","controller":true}]},
         "spec":{"containers":[{"name":"kafka"}]\(pending ? "" : #","nodeName":"worker-1""#)},
         \(status)}
        """.utf8))
    }

    static func snapshot(_ state: KubernetesState) -> Snapshot {
        var snapshot = Snapshot(takenAt: now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2, sources: [:])
        snapshot.kubernetes = state
        return snapshot
    }

    @Test func oneBrokerOfThreeIsCriticalAndSaysWhyEachIsMissing() throws {
        let state = KubernetesState(
            takenAt: Self.now, context: "lab", namespace: "e-commerce-saga",
            pods: [try Self.pod("kafka-0", ready: true), try Self.pod("kafka-1", ready: false, pending: true)],
            statefulSets: [try Self.statefulSet(ready: 1)]
        )
        let findings = KafkaBrokersRule().findings(in: Self.snapshot(state), components: Component.eCommerceSaga)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .critical)
        #expect(finding.cause.hasPrefix("2 of 3 Kafka brokers missing: kafka-1 Pending "))
        #expect(finding.cause.hasSuffix("(0/3 nodes are available: 3 Insufficient memory.); kafka-2 not created (OrderedReady waits for kafka-1)"))
        #expect(finding.evidence.first == "StatefulSet kafka: desired 3, ready 1")
        #expect(finding.evidence.last == "with min.insync.replicas 2, producers with acks=all fail while fewer than 2 brokers are in sync")
    }

    @Test func zooKeeperRegistrationsAreNamedByThePodTheMetadataGivesThem() throws {
        let state = KubernetesState(
            takenAt: Self.now, context: "lab", namespace: "e-commerce-saga",
            pods: [try Self.pod("kafka-0", ready: true), try Self.pod("kafka-1", ready: false, pending: true)],
            statefulSets: [try Self.statefulSet(ready: 1)]
        )
        var snapshot = Self.snapshot(state)
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
        let state = KubernetesState(
            takenAt: Self.now, context: "lab", namespace: "e-commerce-saga",
            pods: [try Self.pod("kafka-0", ready: true), try Self.pod("kafka-1", ready: true), try Self.pod("kafka-2", ready: false)],
            statefulSets: [try Self.statefulSet(ready: 2)]
        )
        let findings = KafkaBrokersRule().findings(in: Self.snapshot(state), components: Component.eCommerceSaga)
        #expect(findings.map(\.severity) == [.warning])
    }

    @Test func allBrokersReadyIsNoFinding() throws {
        let state = KubernetesState(
            takenAt: Self.now, context: "lab", namespace: "e-commerce-saga",
            pods: try ["kafka-0", "kafka-1", "kafka-2"].map { try Self.pod($0, ready: true) },
            statefulSets: [try Self.statefulSet(ready: 3)]
        )
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
