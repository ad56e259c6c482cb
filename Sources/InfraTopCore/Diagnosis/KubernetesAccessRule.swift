import Foundation
import InfraTopKubernetes

/// Names each resource the Role cannot read while the rest of the namespace answers, once, with
/// the RBAC rule that would grant it and what the dashboard lacks meanwhile.
package struct KubernetesAccessRule: Sendable {
    package init() {}

    package func findings(in snapshot: Snapshot) -> [Finding] {
        guard let state = snapshot.kubernetes else { return [] }
        return state.gaps.map { gap in
            let group = gap.group.isEmpty ? "core" : gap.group
            switch gap.reason {
            case .forbidden:
                return Finding(
                    severity: .warning, rule: "kubernetes-forbidden",
                    cause: "Kubernetes: RBAC forbids listing \(gap.resource) in \(state.namespace); pods stay live, \(Self.lacking(gap.resource)) do not",
                    evidence: ["user of context \(state.context) cannot list or watch \(gap.resource) (API group \(group))"],
                    next: "add to the Role: \(Self.roleRule(for: gap))"
                )
            case .notServed:
                return Finding(
                    severity: .warning, rule: "kubernetes-not-served",
                    cause: "Kubernetes: the API server does not serve \(gap.resource) (API group \(group)); pods stay live, \(Self.lacking(gap.resource)) do not",
                    next: "kubectl api-resources --namespaced -o wide"
                )
            }
        }
    }

    /// The rule, in a Role's YAML flow style, that lets infratop list and watch the resource.
    static func roleRule(for gap: ResourceGap) -> String {
        #"- apiGroups: [""# + gap.group + #""], resources: ["# + gap.resource + "], verbs: [get, list, watch]"
    }

    /// What the dashboard cannot show without the resource.
    static func lacking(_ resource: String) -> String {
        switch resource {
        case "events": "the scheduler's and kubelet's events"
        case "statefulsets": "Kafka, ZooKeeper and Redis workloads"
        case "deployments": "the services' Deployments"
        case "replicasets": "the services' rollouts"
        default: resource
        }
    }
}
