import Foundation

/// What the cluster looks like in one namespace at one moment: the value the dashboard reads
/// on its timer.
package struct KubernetesState: Sendable, Equatable, Codable {
    package var takenAt: Date
    package var context: String
    package var namespace: String
    package var pods: [Pod]
    package var statefulSets: [StatefulSet]
    package var deployments: [Deployment]
    package var replicaSets: [ReplicaSet]
    /// The newest events (bounded), oldest first.
    package var events: [Event]
    /// Each resource's resource version (`pods`, `statefulsets`...), where its watch stands.
    package var resourceVersions: [String: String]
    /// When the last watch event arrived, bookmarks excluded; nil before any.
    package var lastEventAt: Date?
    /// The cause line of each crash-looping container's previous run, read from its log.
    package var previousLogs: [PreviousLogExcerpt] = []

    package init(takenAt: Date, context: String, namespace: String, pods: [Pod] = [], statefulSets: [StatefulSet] = [],
                 deployments: [Deployment] = [], replicaSets: [ReplicaSet] = [], events: [Event] = [],
                 resourceVersions: [String: String] = [:], lastEventAt: Date? = nil) {
        self.takenAt = takenAt
        self.context = context
        self.namespace = namespace
        self.pods = pods
        self.statefulSets = statefulSets
        self.deployments = deployments
        self.replicaSets = replicaSets
        self.events = events
        self.resourceVersions = resourceVersions
        self.lastEventAt = lastEventAt
    }

    package func pod(named name: String) -> Pod? { pods.first { $0.metadata.name == name } }

    /// The excerpt of a container's previous run, when one was read for its current restart count.
    package func previousLog(pod: Pod, container: String) -> PreviousLogExcerpt? {
        previousLogs.first { $0.pod == pod.metadata.name && $0.uid == pod.metadata.uid && $0.container == container }
    }

    /// The pod's first container in CrashLoopBackOff (init containers first), with the excerpt of
    /// its previous run when one was read.
    package func crashLoop(of pod: Pod) -> (container: ContainerStatus, excerpt: PreviousLogExcerpt?)? {
        let containers = pod.status.initContainerStatuses + pod.status.containerStatuses
        guard let crashing = containers.first(where: { $0.state.waiting?.reason == "CrashLoopBackOff" }) else { return nil }
        return (crashing, previousLog(pod: pod, container: crashing.name))
    }
}
