import Foundation
import InfraTopKubernetes

/// How one component's workload stands: replicas wanted and ready, and why each missing one is missing.
package struct WorkloadHealth: Sendable, Equatable {
    package var component: Component
    /// False when the namespace has no workload of that kind and name.
    package var exists: Bool
    /// The workload's own name, which may differ from the component's when matched by labels.
    package var workloadName: String
    package var desired: Int
    /// Replicas that exist (StatefulSet current, Deployment status.replicas).
    package var current: Int
    package var ready: Int
    /// Replicas at the newest revision.
    package var updated: Int
    package var missing: [MissingReplica]

    package var isHealthy: Bool { exists && ready >= desired }

    /// The component's workload as the cache has it, with missing replicas explained.
    package init(component: Component, state: KubernetesState, now: Date) {
        self.component = component
        switch component.workloadKind {
        case .statefulSet:
            let set = state.statefulSets.first { component.matches(name: $0.metadata.name, labels: $0.metadata.labels) }
            exists = set != nil
            workloadName = set?.metadata.name ?? component.workloadName
            desired = set?.desiredReplicas ?? 0
            current = set?.status.currentReplicas ?? 0
            ready = set?.status.readyReplicas ?? 0
            updated = set?.status.updatedReplicas ?? 0
            missing = set.map { $0.missingReplicas(pods: state.desiredPods(of: $0), events: state.events, now: now) } ?? []
        case .deployment:
            let deployment = state.deployments.first { component.matches(name: $0.metadata.name, labels: $0.metadata.labels) }
            exists = deployment != nil
            workloadName = deployment?.metadata.name ?? component.workloadName
            desired = deployment?.spec.replicas ?? (deployment == nil ? 0 : 1)
            current = deployment?.status.replicas ?? 0
            ready = deployment?.status.readyReplicas ?? 0
            updated = deployment?.status.updatedReplicas ?? 0
            missing = deployment.map {
                $0.missingReplicas(pods: state.candidatePods(of: $0), replicaSets: state.replicaSets, events: state.events, now: now)
            } ?? []
        }
        missing = missing.map { Self.withCrashCause($0, state: state) }
    }

    /// Each component's health by component name, one walk of the pods per component; empty
    /// without Kubernetes data. Derived once per store change and shared by the rules and views.
    package static func all(of components: [Component], in snapshot: Snapshot) -> [String: WorkloadHealth] {
        guard let state = snapshot.kubernetes else { return [:] }
        return Dictionary(components.map { ($0.name, WorkloadHealth(component: $0, state: state, now: snapshot.takenAt)) },
                          uniquingKeysWith: { first, _ in first })
    }

    /// A crash loop's own message only says the kubelet is backing off; an OOM kill with its
    /// memory limit, else the last error line of the run that crashed (its previous log, when the
    /// collector has read it), says why.
    static func withCrashCause(_ replica: MissingReplica, state: KubernetesState) -> MissingReplica {
        guard let pod = state.pod(named: replica.name), let crash = state.crashLoop(of: pod),
              let cause = TerminationCause(pod: pod, container: crash.container)?.sentence ?? crash.excerpt?.causeLine
        else { return replica }
        var explained = replica
        explained.reason = cause
        return explained
    }
}
