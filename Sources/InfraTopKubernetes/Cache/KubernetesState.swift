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
    /// Resources the cache cannot read (forbidden or not served); their lists above are empty.
    package var gaps: [ResourceGap] = []

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

    /// Whether `resource` (a plural such as `events`) could not be read, and why.
    package func gap(in resource: String) -> ResourceGap? { gaps.first { $0.resource == resource } }

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

extension KubernetesState {
    /// Reads recordings made before `previousLogs` and `gaps` existed as having none.
    package init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            takenAt: try container.decode(Date.self, forKey: .takenAt),
            context: try container.decode(String.self, forKey: .context),
            namespace: try container.decode(String.self, forKey: .namespace),
            pods: try container.decode([Pod].self, forKey: .pods),
            statefulSets: try container.decode([StatefulSet].self, forKey: .statefulSets),
            deployments: try container.decode([Deployment].self, forKey: .deployments),
            replicaSets: try container.decode([ReplicaSet].self, forKey: .replicaSets),
            events: try container.decode([Event].self, forKey: .events),
            resourceVersions: try container.decode([String: String].self, forKey: .resourceVersions),
            lastEventAt: try container.decodeIfPresent(Date.self, forKey: .lastEventAt)
        )
        previousLogs = try container.decodeIfPresent([PreviousLogExcerpt].self, forKey: .previousLogs) ?? []
        gaps = try container.decodeIfPresent([ResourceGap].self, forKey: .gaps) ?? []
    }
}
