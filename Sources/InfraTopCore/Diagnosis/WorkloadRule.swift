import Foundation
import InfraTopKubernetes

/// Flags components whose workload has fewer ready replicas than it wants, naming each missing
/// replica and why (the scheduler's message, the crash loop's back-off, OrderedReady).
package struct WorkloadRule: Sendable {
    package var components: [Component]

    init(components: [Component] = Component.eCommerceSaga) {
        self.components = components
    }

    package func findings(in snapshot: Snapshot) -> [Finding] {
        findings(in: snapshot, healths: WorkloadHealth.all(of: components, in: snapshot))
    }

    /// The findings from healths already derived (``WorkloadHealth/all(of:in:)``).
    func findings(in snapshot: Snapshot, healths: [String: WorkloadHealth]) -> [Finding] {
        guard let state = snapshot.kubernetes else { return [] }
        return components.compactMap { component in
            guard let health = healths[component.name] else { return nil }
            let kind = component.workloadKind.rawValue
            guard health.exists else {
                // A workload kind the Role cannot read is told once, by KubernetesAccessRule.
                let resource = component.workloadKind == .statefulSet ? KubernetesResource.statefulSets : .deployments
                if state.gap(in: resource.plural) != nil { return nil }
                return Finding(
                    severity: .warning, rule: "workload-absent",
                    cause: "\(component.name): no \(kind) \(component.workloadName) in \(snapshot.namespace)",
                    next: "kubectl get \(kind.lowercased()) -n \(snapshot.namespace)",
                    subject: .init(component: component.name)
                )
            }
            guard !health.isHealthy else { return nil }
            let missingCount = health.desired - health.ready
            let first = health.missing.first.map { ": \($0.description)" } ?? ""
            return Finding(
                severity: health.ready == 0 ? .critical : .warning,
                rule: "workload-not-ready",
                cause: "\(component.name): \(missingCount) of \(health.desired) replicas not ready\(first)",
                evidence: health.missing.map(\.description),
                next: "the Scaling view (6)",
                subject: .init(component: component.name, pods: health.missing.map(\.name))
            )
        }
    }
}
