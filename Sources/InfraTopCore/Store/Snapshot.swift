import Foundation
import InfraTopZooKeeper
import InfraTopKubernetes

/// Everything the dashboard knows at one moment: an immutable value the views render.
package struct Snapshot: Sendable {
    package var takenAt: Date
    package var context: String
    package var namespace: String
    package var refreshInterval: TimeInterval
    package var sources: [SourceID: SourceStatus]
    /// The last good Redis data, kept while Redis fails so it can be shown with its age.
    package var redis: RedisState?
    /// The last good MongoDB sample and its rates, kept while MongoDB fails so it can be shown with its age.
    package var mongodb: MongoState?
    /// The last good ZooKeeper data: server stats and Kafka's registrations.
    package var zookeeper: ZooKeeperSample?
    /// The last good view of the namespace: pods, workloads and events.
    package var kubernetes: KubernetesState?
    /// The last good Kafka metadata, offsets and groups, with the sample before it for rates.
    package var kafka: KafkaState?
    /// Bounded histories for timelines; Redis keeps its own in ``RedisState``.
    package var history = ClusterHistory()

    package init(
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
    package func status(of source: SourceID) -> SourceStatus {
        sources[source] ?? .notConnected("no collector for \(source.displayName) in this build")
    }
}
