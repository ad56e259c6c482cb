import Foundation

/// What the cluster looks like in one namespace at one moment: the value the dashboard reads
/// on its timer.
package struct KubernetesState: Sendable, Equatable, Codable {
    package var takenAt: Date
    package var context: String
    package var namespace: String
    /// Ordered by namespace and name, as kubectl lists them.
    package var pods: [Pod] {
        didSet { podIndex = PodIndex(pods) }
    }
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
    /// The nodes' room while a pod cannot be scheduled; nil otherwise or before it is read.
    package var nodeRooms: NodeRooms?
    /// Moves on whenever the collector's answer changes (an object, an excerpt, a gap); equal
    /// revisions mean equal content, so derived facts can be kept. Nil where no collector
    /// numbered it (tests, recordings), which is never taken as unchanged.
    package var revision: Int?
    /// The pods by name, by owner and crash-looping, rebuilt whenever `pods` is set.
    package private(set) var podIndex: PodIndex

    private enum CodingKeys: String, CodingKey {
        case takenAt, context, namespace, pods, statefulSets, deployments, replicaSets, events, resourceVersions, lastEventAt
        case previousLogs, gaps, nodeRooms
    }

    package init(takenAt: Date, context: String, namespace: String, pods: [Pod] = [], statefulSets: [StatefulSet] = [],
                 deployments: [Deployment] = [], replicaSets: [ReplicaSet] = [], events: [Event] = [],
                 resourceVersions: [String: String] = [:], lastEventAt: Date? = nil) {
        self.takenAt = takenAt
        self.context = context
        self.namespace = namespace
        self.pods = pods
        self.podIndex = PodIndex(pods)
        self.statefulSets = statefulSets
        self.deployments = deployments
        self.replicaSets = replicaSets
        self.events = events
        self.resourceVersions = resourceVersions
        self.lastEventAt = lastEventAt
    }

    /// Whether `resource` (a plural such as `events`) could not be read, and why.
    package func gap(in resource: String) -> ResourceGap? { gaps.first { $0.resource == resource } }

    package func pod(named name: String) -> Pod? { podIndex.byName[name].map { pods[$0] } }

    /// Whether `other` is this state at a later moment with nothing in it changed.
    package func hasSameContent(as other: KubernetesState?) -> Bool {
        guard let revision, let other, other.revision == revision else { return false }
        return context == other.context && namespace == other.namespace
    }

    /// Whether a pod waits because the scheduler cannot place it.
    package var hasUnschedulablePods: Bool { !podIndex.unschedulable.isEmpty }

    /// The pods with a container in CrashLoopBackOff, in `pods` order.
    package var crashLoopingPods: [Pod] { podIndex.crashLooping.map { pods[$0] } }

    /// The pods a Deployment may count: those of ReplicaSets it controls, and those whose owner
    /// the cache cannot place (an unlisted ReplicaSet, no controller), which its selector then
    /// decides; pods other controllers own are not read. In `pods` order.
    package func candidatePods(of deployment: Deployment) -> [Pod] {
        let known = Set(replicaSets.map(\.metadata.name))
        let controlled = Set(replicaSetNames(controlledBy: deployment.metadata.name))
        var positions: [Int] = []
        for (owner, owned) in podIndex.byOwner {
            let counts = switch owner.kind {
            case "": true
            case "ReplicaSet": controlled.contains(owner.name) || !known.contains(owner.name)
            default: false
            }
            if counts { positions += owned }
        }
        return positions.sorted().map { pods[$0] }
    }

    /// The pods a controller owns (`StatefulSet`, `ReplicaSet`…, by name), in `pods` order.
    package func pods(ownedBy kind: String, named name: String) -> [Pod] {
        (podIndex.byOwner[PodIndex.Owner(kind: kind, name: name)] ?? []).map { pods[$0] }
    }

    /// The pods of the ReplicaSets a Deployment controls, in `pods` order.
    package func podsOfReplicaSets(of deployment: String) -> [Pod] {
        let positions = replicaSetNames(controlledBy: deployment)
            .flatMap { podIndex.byOwner[PodIndex.Owner(kind: "ReplicaSet", name: $0)] ?? [] }
        return positions.sorted().map { pods[$0] }
    }

    /// The names of the ReplicaSets whose controller is the named Deployment.
    private func replicaSetNames(controlledBy deployment: String) -> [String] {
        replicaSets
            .filter { $0.metadata.controller?.kind == "Deployment" && $0.metadata.controller?.name == deployment }
            .map(\.metadata.name)
    }

    /// The pods whose labels hold every pair of a non-empty selector, in `pods` order.
    package func pods(selectedBy selector: [String: String]) -> [Pod] {
        guard !selector.isEmpty else { return [] }
        var selected: [Pod] = []
        for position in pods.indices where selector.allSatisfy({ pods[position].metadata.labels[$0.key] == $0.value }) {
            selected.append(pods[position])
        }
        return selected
    }

    /// The pods a StatefulSet wants that exist, by the names it gives them.
    package func desiredPods(of set: StatefulSet) -> [Pod] {
        set.desiredPodNames.compactMap(pod(named:))
    }

    /// The excerpt of a container's previous run, when one was read for its current restart count.
    package func previousLog(pod: Pod, container: String) -> PreviousLogExcerpt? {
        previousLogs.first { $0.pod == pod.metadata.name && $0.uid == pod.metadata.uid && $0.container == container }
    }

    /// The pod's first container in CrashLoopBackOff (init containers first), with the excerpt of
    /// its previous run when one was read.
    package func crashLoop(of pod: Pod) -> (container: ContainerStatus, excerpt: PreviousLogExcerpt?)? {
        guard pod.isCrashLooping else { return nil }
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
        nodeRooms = try container.decodeIfPresent(NodeRooms.self, forKey: .nodeRooms)
    }
}
