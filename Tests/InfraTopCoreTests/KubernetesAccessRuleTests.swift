import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopKubernetes
import InfraTopFixtures

/// A Role that cannot read one resource: the rest of the namespace stays live, the gap is one
/// finding with the rule to add, and nothing else claims the resource's objects are absent.
@Suite struct KubernetesAccessRuleTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func snapshot(_ state: KubernetesState) -> Snapshot {
        KafkaBrokersRuleTests.snapshot(state)
    }

    /// What the collector gives for a resource that answered 403: no objects, and the gap.
    static func saga(without resource: KubernetesResource) throws -> KubernetesState {
        var state = try Cluster.eCommerceSaga(now: now)
        switch resource {
        case .events: state.events = []
        case .statefulSets: state.statefulSets = []
        case .deployments: state.deployments = []
        case .replicaSets: state.replicaSets = []
        default: break
        }
        state.gaps = [ResourceGap(resource: resource.plural, group: resource.group, reason: .forbidden)]
        return state
    }

    @Test func aForbiddenEventsListLeavesPodsAndStatefulSetFindingsIntact() throws {
        let complete = Diagnosis().findings(for: Self.snapshot(try Cluster.eCommerceSaga(now: Self.now)))
        let findings = Diagnosis().findings(for: Self.snapshot(try Self.saga(without: .events)))

        let brokers = try #require(findings.first)
        #expect(brokers.rule == "kafka-brokers-missing")
        #expect(brokers.severity == .critical)
        #expect(brokers.cause.hasPrefix("2 of 3 Kafka brokers missing: kafka-1 Pending "))
        // Every finding of the whole namespace is still there; only the access finding is added.
        #expect(findings.filter { $0.rule != "kubernetes-forbidden" }.map(\.rule) == complete.map(\.rule))
        #expect(findings.filter { $0.rule == "workload-not-ready" }.count == complete.filter { $0.rule == "workload-not-ready" }.count)

        let access = findings.filter { $0.rule == "kubernetes-forbidden" }
        #expect(access.count == 1)
        #expect(access.first?.severity == .warning)
        #expect(access.first?.cause == "Kubernetes: RBAC forbids listing events in e-commerce-saga; pods stay live, the scheduler's and kubelet's events do not")
        #expect(access.first?.evidence == ["user of context lab cannot list or watch events (API group core)"])
        #expect(access.first?.next == #"add to the Role: - apiGroups: [""], resources: [events], verbs: [get, list, watch]"#)
    }

    @Test func forbiddenStatefulSetsAreOneFindingNotAnAbsentWorkloadEach() throws {
        let findings = Diagnosis().findings(for: Self.snapshot(try Self.saga(without: .statefulSets)))
        #expect(!findings.contains { $0.rule == "workload-absent" }, "\(findings.map(\.cause))")
        let access = try #require(findings.first { $0.rule == "kubernetes-forbidden" })
        #expect(access.cause == "Kubernetes: RBAC forbids listing statefulsets in e-commerce-saga; pods stay live, Kafka, ZooKeeper and Redis workloads do not")
        #expect(access.next == #"add to the Role: - apiGroups: ["apps"], resources: [statefulsets], verbs: [get, list, watch]"#)
        // The Deployments are still read: the crash-looping services are still told.
        #expect(findings.contains { $0.rule == "workload-not-ready" && $0.cause.hasPrefix("order: ") }, "\(findings.map(\.cause))")
    }

    @Test func anUnservedResourceSaysSoWithoutARoleRule() throws {
        var state = try Cluster.eCommerceSaga(now: Self.now)
        state.replicaSets = []
        state.gaps = [ResourceGap(resource: "replicasets", group: "apps", reason: .notServed)]
        let findings = KubernetesAccessRule().findings(in: Self.snapshot(state))
        #expect(findings.map(\.rule) == ["kubernetes-not-served"])
        #expect(findings.first?.cause == "Kubernetes: the API server does not serve replicasets (API group apps); pods stay live, the services' rollouts do not")
        #expect(findings.first?.next == "kubectl api-resources --namespaced -o wide")
    }

    @Test func aStateRecordedBeforeGapsExistedReadsAsHavingNone() throws {
        var state = try Self.saga(without: .events)
        let encoded = try JSONEncoder().encode(state)
        #expect(try JSONDecoder().decode(KubernetesState.self, from: encoded) == state)

        var object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        object.removeValue(forKey: "gaps")
        object.removeValue(forKey: "previousLogs")
        let old = try JSONDecoder().decode(KubernetesState.self, from: try JSONSerialization.data(withJSONObject: object))
        state.gaps = []
        state.previousLogs = []
        #expect(old == state)
    }
}
