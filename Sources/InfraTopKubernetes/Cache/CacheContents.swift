import Foundation

/// The stores of every watched resource, with each one's sync state; shared between the
/// reflectors that write it and the collector that reads it, under one lock.
struct CacheContents: Sendable {
    struct Health: Sendable, Equatable {
        /// True once a list succeeded.
        var synced = false
        /// The latest failure, cleared by the next successful list or watch event.
        var failure: KubernetesError?
        var relists = 0
    }

    var pods = ObjectStore<Pod>()
    var statefulSets = ObjectStore<StatefulSet>()
    var deployments = ObjectStore<Deployment>()
    var replicaSets = ObjectStore<ReplicaSet>()
    var events: ObjectStore<Event>
    var health: [KubernetesResource: Health] = [:]
    var lastEventAt: Date?
    /// Counts lists and applied events, so a reader can tell that nothing changed since it looked.
    var revision = 0
    /// The last state made from these contents, with the revision it was made at.
    var made: (revision: Int, state: KubernetesState)?

    init(eventLimit: Int) {
        events = ObjectStore(limit: eventLimit) { $0.lastSeen ?? $0.metadata.creationTimestamp ?? .distantPast }
    }
}
