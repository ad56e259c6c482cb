import Foundation
import InfraTopBasics
import InfraTopKafka
import InfraTopRedis
import InfraTopMongo
import InfraTopZooKeeper
import InfraTopKubernetes

/// The latest state of every source, updated as polls finish; owned by the main queue.
package struct Store: Sendable {
    package internal(set) var statuses: [SourceID: SourceStatus]
    package private(set) var redis: RedisState?
    package private(set) var mongodb: MongoState?
    package private(set) var zookeeper: ZooKeeperSample?
    package private(set) var kubernetes: KubernetesState?
    package private(set) var kafka: KafkaState?
    /// Values each history keeps: one hour at the default refresh interval. Setting it starts
    /// the histories afresh at the new size.
    package var historyCapacity = 1800 {
        didSet { history = ClusterHistory(capacity: historyCapacity) }
    }
    /// Replica counts, pod transitions, Kafka, ZooKeeper and Redis figures over the last `historyCapacity` polls.
    package private(set) var history = ClusterHistory()

    /// Starts with every source not connected; `start(_:at:)` marks the ones a collector serves.
    package init(notConnectedReasons: [SourceID: String]) {
        var statuses: [SourceID: SourceStatus] = [:]
        for source in SourceID.allCases {
            statuses[source] = .notConnected(notConnectedReasons[source] ?? "no collector for \(source.displayName)")
        }
        self.statuses = statuses
    }

    /// A collector now serves this source; it is connecting until its first answer.
    package mutating func start(_ source: SourceID, at time: Date) {
        statuses[source] = SourceStatus(state: .connecting, lastAttemptAt: time)
    }

    mutating func recordSuccess(_ source: SourceID, at time: Date) {
        statuses[source, default: SourceStatus(state: .connecting)].record(success: true, at: time)
    }

    package mutating func recordFailure(_ source: SourceID, error: CollectorError, at time: Date) {
        statuses[source, default: SourceStatus(state: .connecting)].record(success: false, error: error.message, at: time)
    }

    /// Notes how the source was reached on its last good poll.
    package mutating func recordRoute(_ source: SourceID, _ route: ReachRoute?) {
        guard let route else { return }
        statuses[source]?.route = route
    }

    /// A source could not even be set up (a bad URL, say): it is not connected, and says why.
    package mutating func refuse(_ source: SourceID, reason: String) {
        statuses[source] = .notConnected(reason)
    }

    package mutating func record(_ sample: RedisSample, at time: Date) {
        if redis == nil {
            redis = RedisState(first: sample)
        } else {
            redis?.record(sample)
        }
        if let redis { history.record(redis.health, of: redis.sample, at: time) }
        recordSuccess(.redis, at: time)
    }

    package mutating func record(_ sample: MongoSample, at time: Date) {
        if mongodb == nil {
            mongodb = MongoState(first: sample)
        } else {
            mongodb?.record(sample)
        }
        if let mongodb { history.record(mongodb.rates, of: mongodb.sample, at: time) }
        recordSuccess(.mongodb, at: time)
    }

    package mutating func record(_ sample: KafkaSample, at time: Date) {
        let previous = kafka?.sample
        kafka = KafkaState(sample: sample, previous: previous)
        history.record(sample, previous: previous, at: time)
        recordSuccess(.kafka, at: time)
    }

    package mutating func record(_ state: KubernetesState, at time: Date) {
        let unchanged = state.hasSameContent(as: kubernetes)
        kubernetes = state
        history.record(state, at: time, podsUnchanged: unchanged)
        recordSuccess(.kubernetes, at: time)
    }

    package mutating func record(_ sample: ZooKeeperSample, at time: Date) {
        zookeeper = sample
        history.record(sample, at: time)
        recordSuccess(.zookeeper, at: time)
    }

    package func snapshot(at time: Date, context: String, namespace: String, refreshInterval: TimeInterval) -> Snapshot {
        var snapshot = Snapshot(takenAt: time, context: context, namespace: namespace, refreshInterval: refreshInterval, sources: statuses)
        snapshot.redis = redis
        snapshot.mongodb = mongodb
        snapshot.zookeeper = zookeeper
        snapshot.kubernetes = kubernetes
        snapshot.kafka = kafka
        snapshot.history = history
        return snapshot
    }
}
