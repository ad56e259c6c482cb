import InfraTopKubernetes

/// What a logs pane follows: one container of a pod, or every pod of a workload merged.
package enum LogSource: Hashable, Sendable {
    case pod(name: String, containers: [String])
    case workload(kind: Component.WorkloadKind, name: String)

    /// `pod/order-service-7d…` or `deploy/payment-service`, as kubectl names them.
    package var title: String {
        switch self {
        case .pod(let name, _): "pod/\(name)"
        case .workload(.statefulSet, let name): "sts/\(name)"
        case .workload(.deployment, let name): "deploy/\(name)"
        }
    }

    /// The pods of a workload in the cache, by name; a pod source is its own pod.
    package func pods(in state: KubernetesState) -> [Pod] {
        switch self {
        case .pod(let name, _):
            return state.pod(named: name).map { [$0] } ?? []
        case .workload(let kind, let name):
            let owner = "\(kind.rawValue)/\(name)"
            // The index narrows the namespace to the owner's pods; the owner column decides, as it shows.
            let candidates = kind == .statefulSet ? state.pods(ownedBy: kind.rawValue, named: name) : state.podsOfReplicaSets(of: name)
            return candidates
                .filter { PodRow.owner(of: $0, replicaSets: state.replicaSets) == owner && $0.metadata.deletionTimestamp == nil }
                .sorted { $0.metadata.name < $1.metadata.name }
        }
    }
}
