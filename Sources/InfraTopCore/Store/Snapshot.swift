import Foundation
import InfraTopZooKeeper
import InfraTopKubernetes

/// Everything the dashboard knows at one moment: an immutable value the views render.
public struct Snapshot: Sendable {
    public var takenAt: Date
    public var context: String
    public var namespace: String
    public var refreshInterval: TimeInterval
    public var sources: [SourceID: SourceStatus]
    /// The last good Redis data, kept while Redis fails so it can be shown with its age.
    public var redis: RedisState?
    /// The last good ZooKeeper data: server stats and Kafka's registrations.
    public var zookeeper: ZooKeeperSample?
    /// The last good view of the namespace: pods, workloads and events.
    public var kubernetes: KubernetesState?
    /// The last good Kafka metadata, offsets and groups, with the sample before it for rates.
    public var kafka: KafkaState?
    /// Bounded histories for timelines; Redis keeps its own in ``RedisState``.
    public var history = ClusterHistory()

    public init(
        takenAt: Date,
        context: String,
        namespace: String,
        refreshInterval: TimeInterval,
        sources: [SourceID: SourceStatus]
    ) {
        self.takenAt = takenAt
        self.context = context
        self.namespace = namespace
        self.refreshInterval = refreshInterval
        self.sources = sources
    }

    /// The status of a source; a source nobody registered is not connected.
    public func status(of source: SourceID) -> SourceStatus {
        sources[source] ?? .notConnected("no collector for \(source.displayName) in this build")
    }
}
