import Foundation
import InfraTopRedis
import InfraTopMongo
import InfraTopZooKeeper
import InfraTopKubernetes

/// The parts of a snapshot a recording keeps: what the sources said, not what the store derived.
///
/// The keys are spelled out so that state the store derives (rates, histories) stays out of the
/// format: replay rebuilds it by feeding each recorded value through the store as live polls do.
/// Redis and MongoDB are kept as their latest samples for the same reason; recordings made
/// before MongoDB was watched have no `mongodb` key and decode without it.
extension Snapshot: Codable {
    private enum CodingKeys: String, CodingKey {
        case takenAt, context, namespace, refreshInterval, sources, redis, mongodb, zookeeper, kubernetes, kafka
    }

    package init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            takenAt: try container.decode(Date.self, forKey: .takenAt),
            context: try container.decode(String.self, forKey: .context),
            namespace: try container.decode(String.self, forKey: .namespace),
            refreshInterval: try container.decode(TimeInterval.self, forKey: .refreshInterval),
            sources: try container.decode([SourceID: SourceStatus].self, forKey: .sources)
        )
        // A lone sample has no rates and a one-value history; `Store.ingest` is the way to the
        // state live showed.
        redis = try container.decodeIfPresent(RedisSample.self, forKey: .redis)
            .map { RedisState(first: $0) }
        mongodb = try container.decodeIfPresent(MongoSample.self, forKey: .mongodb)
            .map { MongoState(first: $0) }
        zookeeper = try container.decodeIfPresent(ZooKeeperSample.self, forKey: .zookeeper)
        kubernetes = try container.decodeIfPresent(KubernetesState.self, forKey: .kubernetes)
        kafka = try container.decodeIfPresent(KafkaState.self, forKey: .kafka)
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(takenAt, forKey: .takenAt)
        try container.encode(context, forKey: .context)
        try container.encode(namespace, forKey: .namespace)
        try container.encode(refreshInterval, forKey: .refreshInterval)
        try container.encode(sources, forKey: .sources)
        try container.encodeIfPresent(redis?.sample, forKey: .redis)
        try container.encodeIfPresent(mongodb?.sample, forKey: .mongodb)
        try container.encodeIfPresent(zookeeper, forKey: .zookeeper)
        try container.encodeIfPresent(kubernetes.map(SecretRedaction.redacting), forKey: .kubernetes)
        try container.encodeIfPresent(kafka, forKey: .kafka)
    }
}

/// Statuses keyed by source encode as a JSON object (`{"redis": {...}}`), readable in a recording.
extension SourceID: CodingKeyRepresentable {}
