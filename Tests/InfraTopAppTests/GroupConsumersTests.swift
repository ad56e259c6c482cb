import Foundation
import InfraTopBasics
import InfraTopCore
import InfraTopFixtures
import InfraTopKafka
import InfraTopKubernetes
import Testing
@testable import InfraTopUI

/// Who consumes for each group: members' client hosts to pods by pod IP, pods to workloads; and a
/// crash-looping service's silent group told inside that service's finding.
@MainActor
@Suite struct GroupConsumersTests {
    init() { _ = TerminalLocale.activateUTF8ForTesting() }

    static let now = Cluster.labStart
    static let client = Endpoint(host: "kafka-client", port: 9092)

    static func sample(groups: [KafkaSample.Group]) -> KafkaSample {
        let partitions = (0..<3).map { KafkaSample.Partition(index: Int32($0), leader: 0, replicas: [0], isr: [0], highWatermark: 200, lowWatermark: 0) }
        return KafkaSample(
            takenAt: now, metadataFrom: client, controllerID: 0,
            brokers: [KafkaSample.Broker(id: 0, advertised: client, address: client, isController: true)],
            topics: [KafkaSample.Topic(name: "orders", partitions: partitions)], groups: groups)
    }

    static func committed(_ offset: Int64) -> [KafkaSample.TopicPartition: Int64] {
        Dictionary(uniqueKeysWithValues: (0..<3).map { (KafkaSample.TopicPartition("orders", Int32($0)), offset) })
    }

    /// The lab's e-commerce-saga with the saga-coordinator's pods given IPs, as the kubelet reports them.
    static func state() throws -> KubernetesState {
        var state = try Cluster.eCommerceSaga()
        for (index, pod) in state.pods(ownedBy: "saga-coordinator").enumerated() {
            var pod = pod
            pod.status.podIP = "10.244.1.\(7 + index)"
            state = state.replacing(pod)
        }
        return state
    }

    @Test func membersArePodsAndTheirWorkload() throws {
        let state = try Self.state()
        let pods = state.pods(ownedBy: "saga-coordinator").map(\.metadata.name).sorted()
        let members = (0..<4).map { index in
            KafkaSample.GroupMember(memberID: "m-\(index)", clientID: "saga", clientHost: index < 2 ? "/10.244.1.\(7 + index)" : "/10.244.9.\(index)")
        }
        let groups = GroupConsumers.all(
            sample: Self.sample(groups: [KafkaSample.Group(id: "saga", state: "Stable", members: members, committed: Self.committed(150))]),
            state: state, components: Component.eCommerceSaga)
        let group = try #require(groups.first)
        #expect(group.members.map(\.host) == ["10.244.1.7", "10.244.1.8", "10.244.9.2", "10.244.9.3"])
        #expect(group.members.compactMap(\.pod).sorted() == pods)
        #expect(group.members.map(\.workload) == ["Deployment/saga-coordinator", "Deployment/saga-coordinator", nil, nil])
        #expect(group.workload == "Deployment/saga-coordinator" && group.basis == .members && group.component == "saga-coordinator")
        // Four members for three partitions: one gets none.
        #expect(group.idleMembers == 1 && group.membersKnown)
    }

    @Test func aGroupWithoutMembersIsKnownByItsName() throws {
        let groups = GroupConsumers.all(
            sample: Self.sample(groups: [
                KafkaSample.Group(id: "inventory-service", committed: Self.committed(20)),
                KafkaSample.Group(id: "audit", committed: Self.committed(20)),
            ]),
            state: try Self.state(), components: Component.eCommerceSaga)
        #expect(groups.map(\.group) == ["audit", "inventory-service"])
        #expect(groups.map(\.workload) == [nil, "Deployment/inventory-service"])
        #expect(groups.map(\.basis) == [nil, .name])
        // Not described by the brokers (Debian's mock has no DescribeGroups): members unknown.
        #expect(groups.map(\.membersKnown) == [false, false])
    }

    @Test func aCrashLoopingServicesSilentGroupIsPartOfItsFinding() throws {
        var store = Store(notConnectedReasons: [:])
        store.record(try Self.state(), at: Self.now)
        store.record(Self.sample(groups: [KafkaSample.Group(id: "inventory-service", state: "Empty", committed: Self.committed(20))]), at: Self.now)
        let snapshot = store.snapshot(at: Self.now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        let assessment = Assessment(snapshot: snapshot, diagnosis: Diagnosis())
        let inventory = try #require(assessment.findings.first { $0.subject?.component == "inventory" })
        #expect(inventory.evidence.contains("its consumer group inventory-service has no members and is behind: 540 messages on orders"),
                "\(inventory.evidence)")
        #expect(!assessment.findings.contains { $0.cause.contains("inventory-service") && $0.subject?.component != "inventory" && $0.rule.hasPrefix("kafka") })

        var state = AppState()
        state.view = .kafka
        let frame = Frame(snapshot: snapshot, assessment: assessment, components: Component.eCommerceSaga, state: state, theme: .default,
                          timeZone: TimeZone(identifier: "UTC") ?? .current)
        let kafka = Screen.render(frame, width: 220, height: 40).canvas.lines
        #expect(kafka.contains { $0.contains(/inventory-service +Empty +0 +≈inventory-service +orders +540/) }, "\(kafka.joined(separator: "\n"))")
        state.view = .overview
        var overview = frame
        overview.state = state
        let lines = Screen.render(overview, width: 160, height: 48).canvas.lines
        #expect(lines.contains { $0.contains("│ orders lag 540  no") }, "\(lines.joined(separator: "\n"))")
    }
}
