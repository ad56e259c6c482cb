import Foundation

/// How one component's workload stands: replicas wanted and ready, and why each missing one is missing.
public struct WorkloadHealth: Sendable, Equatable {
    public var component: Component
    /// False when the namespace has no workload of that kind and name.
    public var exists: Bool
    public var desired: Int
    public var ready: Int
    public var missing: [MissingReplica]

    public var isHealthy: Bool { exists && ready >= desired }

    /// The component's workload as the cache has it, with missing replicas explained.
    public init(component: Component, state: KubernetesState, now: Date) {
        self.component = component
        switch component.workloadKind {
        case .statefulSet:
            let set = state.statefulSets.first { $0.metadata.name == component.workloadName }
            exists = set != nil
            desired = set?.desiredReplicas ?? 0
            ready = set?.status.readyReplicas ?? 0
            missing = set?.missingReplicas(pods: state.pods, events: state.events, now: now) ?? []
        case .deployment:
            let deployment = state.deployments.first { $0.metadata.name == component.workloadName }
            exists = deployment != nil
            desired = deployment?.spec.replicas ?? (deployment == nil ? 0 : 1)
            ready = deployment?.status.readyReplicas ?? 0
            missing = deployment?.missingReplicas(pods: state.pods, replicaSets: state.replicaSets, events: state.events, now: now) ?? []
        }
    }
}
