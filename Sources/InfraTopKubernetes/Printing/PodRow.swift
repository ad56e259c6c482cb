import Foundation

/// One line of the pods table, each cell as `kubectl get pods -o wide` prints it,
/// plus the owner the way people name it (`StatefulSet/kafka`, `Deployment/order-service`).
package struct PodRow: Sendable, Equatable {
    package var name: String
    /// `1/2`: ready containers over containers, sidecars included.
    package var ready: String
    /// `Running`, `Pending`, `CrashLoopBackOff`, `Init:0/1`, `Terminating`...
    package var status: String
    /// `0`, or `17 (2m50s ago)`.
    package var restarts: String
    /// `14m`, `3d4h`; `<unknown>` without a creation time.
    package var age: String
    /// The node the pod runs on, `<none>` until it is scheduled.
    package var node: String
    /// `Kind/name` of the managing controller, or `<none>`.
    package var owner: String
    /// The counts and times the cells are made of, for colouring and for the JSON model.
    package var summary: PodSummary?
    package var createdAt: Date?

    package init(name: String, ready: String, status: String, restarts: String, age: String, node: String, owner: String,
                 summary: PodSummary? = nil, createdAt: Date? = nil) {
        self.name = name
        self.ready = ready
        self.status = status
        self.restarts = restarts
        self.age = age
        self.node = node
        self.owner = owner
        self.summary = summary
        self.createdAt = createdAt
    }

    /// The cells in kubectl's order: NAME, READY, STATUS, RESTARTS, AGE, NODE, then OWNER.
    package var cells: [String] { [name, ready, status, restarts, age, node, owner] }

    /// All its containers that count are ready (READY `n/n`); false when it has none or is unknown.
    package var isFullyReady: Bool {
        guard let summary else { return false }
        return summary.totalContainers > 0 && summary.readyContainers == summary.totalContainers
    }

    /// The row for `pod` at `now`. Give the namespace's ReplicaSets to name a Deployment's
    /// pods by their Deployment instead of by the ReplicaSet between them.
    package init(pod: Pod, now: Date, replicaSets: [ReplicaSet] = []) {
        let summary = PodSummary(pod)
        self.init(
            name: pod.metadata.name,
            ready: summary.readyText,
            status: summary.status,
            restarts: summary.restartsText(at: now),
            age: HumanDuration.age(of: pod.metadata.creationTimestamp, at: now),
            node: pod.spec.nodeName.isEmpty ? "<none>" : pod.spec.nodeName,
            owner: Self.owner(of: pod, replicaSets: replicaSets),
            summary: summary,
            createdAt: pod.metadata.creationTimestamp
        )
    }

    /// `Kind/name` of the pod's controller, walking ReplicaSet → Deployment when the ReplicaSet is known.
    package static func owner(of pod: Pod, replicaSets: [ReplicaSet] = []) -> String {
        guard let controller = pod.metadata.controller ?? pod.metadata.ownerReferences.first else { return "<none>" }
        if controller.kind == "ReplicaSet",
           let replicaSet = replicaSets.first(where: { $0.metadata.name == controller.name && (controller.uid.isEmpty || $0.metadata.uid == controller.uid) }),
           let deployment = replicaSet.metadata.controller, deployment.kind == "Deployment" {
            return "Deployment/\(deployment.name)"
        }
        return "\(controller.kind)/\(controller.name)"
    }
}
