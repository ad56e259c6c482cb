import Foundation

/// Where each pod of a ``KubernetesState`` sits, by name and by the controller that owns it, and
/// which pods have a container in CrashLoopBackOff: built once when the pods change, so health,
/// rules and views read a workload's pods without walking the namespace.
package struct PodIndex: Sendable, Equatable {
    /// The controller a pod names (`controller: true`), else its first owner; pods without any
    /// are kept under ``orphan``.
    package struct Owner: Hashable, Sendable {
        package var kind: String
        package var name: String

        package init(kind: String, name: String) {
            self.kind = kind
            self.name = name
        }

        /// Pods no controller owns, which a controller whose selector matches them may adopt.
        package static let orphan = Owner(kind: "", name: "")
    }

    /// Position in `pods` by name; the first wins when names repeat.
    private(set) var byName: [String: Int] = [:]
    /// Positions in `pods` by owning controller, in `pods` order.
    private(set) var byOwner: [Owner: [Int]] = [:]
    /// Positions of pods with a container (init containers included) in CrashLoopBackOff.
    private(set) var crashLooping: [Int] = []
    /// Positions of pods the scheduler has said it cannot place.
    private(set) var unschedulable: [Int] = []

    package init(_ pods: [Pod]) {
        byName.reserveCapacity(pods.count)
        for (position, pod) in pods.enumerated() {
            if byName[pod.metadata.name] == nil { byName[pod.metadata.name] = position }
            // As kubectl's owner column reads it: the controller, else the first owner.
            let owner = (pod.metadata.controller ?? pod.metadata.ownerReferences.first).map { Owner(kind: $0.kind, name: $0.name) } ?? .orphan
            byOwner[owner, default: []].append(position)
            if pod.isCrashLooping { crashLooping.append(position) }
            if pod.isUnschedulable { unschedulable.append(position) }
        }
    }
}

extension Pod {
    /// Whether the scheduler has said it cannot place the pod (`PodScheduled` False, `Unschedulable`).
    package var isUnschedulable: Bool {
        spec.nodeName.isEmpty && status.condition("PodScheduled").map { $0.status == "False" && $0.reason == "Unschedulable" } == true
    }

    /// Whether a container of the pod, init containers included, waits in CrashLoopBackOff.
    package var isCrashLooping: Bool {
        status.initContainerStatuses.contains { $0.state.waiting?.reason == "CrashLoopBackOff" }
            || status.containerStatuses.contains { $0.state.waiting?.reason == "CrashLoopBackOff" }
    }
}
