import Foundation
import InfraTopBasics
import InfraTopCore
import InfraTopKafka
import InfraTopRedis
import Prometheus

/// The model as Prometheus metrics, in the text exposition format, for `infratop serve`'s `/metrics`.
///
/// Made afresh for each scrape from the snapshot and its assessment, into a new swift-prometheus
/// registry, so series of things that went away (a topic, a finding) go with them. A source's
/// figures are exported only while it is live; while it fails, its `infratop_source_up` is 0 and
/// its last good values are not passed off as current. Every series carries the watched
/// `namespace`. No label holds a pod name: pods come and go, and a series each would grow without
/// bound. See the README's "Metrics" for the list and its cardinality.
package enum Metrics {
    /// One metric family: its full name, help and kind.
    package struct Family: Sendable {
        package enum Kind: Sendable { case gauge, counter }
        package var name: String
        package var help: String
        package var kind: Kind

        init(_ name: String, _ kind: Kind, _ help: String) {
            self.name = name
            self.help = help
            self.kind = kind
        }

        init(_ name: String, _ help: String) {
            self.init(name, .gauge, help)
        }

        var descriptor: MetricNameDescriptor {
            MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
        }
    }

    package static let buildInfo = Family("infratop_build_info", "infratop's version; always 1.")
    package static let sourceUp = Family("infratop_source_up", "1 when the source's last poll succeeded, else 0.")
    package static let sourceAge = Family("infratop_source_age_seconds", "Seconds since the source's last good poll.")
    package static let sourceLastSuccess = Family("infratop_source_last_success_timestamp_seconds", "When the source's last good poll finished, as a Unix time.")
    package static let sourceFailures = Family("infratop_source_consecutive_failures", "Polls failed in a row since the last good one.")
    package static let workloadDesired = Family("infratop_workload_desired_replicas", "Replicas the component's workload wants.")
    package static let workloadReady = Family("infratop_workload_ready_replicas", "Ready replicas of the component's workload.")
    package static let kafkaBrokers = Family("infratop_kafka_brokers", "Kafka brokers as each source counts them: expected (StatefulSet), pods_ready, zookeeper (/brokers/ids), metadata, reachable.")
    package static let kafkaPartitions = Family("infratop_kafka_partitions", "Partitions of the topic.")
    package static let kafkaOffline = Family("infratop_kafka_partitions_offline", "Partitions of the topic without a live leader.")
    package static let kafkaUnderReplicated = Family("infratop_kafka_partitions_under_replicated", "Partitions of the topic whose ISR is smaller than their replicas.")
    package static let kafkaUnderMinISR = Family("infratop_kafka_partitions_under_min_isr", "Partitions of the topic with fewer in sync than min(min.insync.replicas, replication factor): acks=all producers fail.")
    package static let kafkaGroupLag = Family("infratop_kafka_consumer_group_lag_messages", "Messages the group's committed offsets are behind the high watermarks, summed over the topic's partitions.")
    package static let zooKeeperLatencyAverage = Family("infratop_zookeeper_latency_avg_seconds", "ZooKeeper's average request latency (srvr).")
    package static let zooKeeperLatencyMaximum = Family("infratop_zookeeper_latency_max_seconds", "ZooKeeper's maximum request latency since its counters were reset (srvr).")
    package static let zooKeeperOutstanding = Family("infratop_zookeeper_outstanding_requests", "Requests ZooKeeper has queued and not answered.")
    package static let redisUsedMemory = Family("infratop_redis_memory_used_bytes", "Redis used_memory.")
    package static let redisMaxMemory = Family("infratop_redis_memory_max_bytes", "Redis maxmemory; 0 when it has no limit.")
    package static let redisEvicted = Family("infratop_redis_evicted_keys_total", .counter, "Keys Redis evicted since it started.")
    package static let redisHits = Family("infratop_redis_keyspace_hits_total", .counter, "Key lookups that found a key, since Redis started.")
    package static let redisMisses = Family("infratop_redis_keyspace_misses_total", .counter, "Key lookups that found none, since Redis started.")
    package static let redisClients = Family("infratop_redis_connected_clients", "Clients connected to Redis.")
    package static let mongodbConnections = Family("infratop_mongodb_connections", "Connections to mongod in use (serverStatus connections.current).")
    package static let mongodbConnectionsAvailable = Family("infratop_mongodb_connections_available", "Connections mongod can still accept.")
    package static let mongodbOperations = Family("infratop_mongodb_operations_total", .counter, "Operations by type since mongod started (serverStatus opcounters).")
    package static let mongodbCacheBytes = Family("infratop_mongodb_cache_bytes", "Bytes in WiredTiger's cache, by state: used, dirty, max.")
    package static let finding = Family("infratop_finding", "Active findings by rule, severity and component (normally 1).")

    /// Every family, in the order they are written.
    package static let families: [Family] = [
        buildInfo, sourceUp, sourceAge, sourceLastSuccess, sourceFailures, workloadDesired, workloadReady,
        kafkaBrokers, kafkaPartitions, kafkaOffline, kafkaUnderReplicated, kafkaUnderMinISR, kafkaGroupLag,
        zooKeeperLatencyAverage, zooKeeperLatencyMaximum, zooKeeperOutstanding,
        redisUsedMemory, redisMaxMemory, redisEvicted, redisHits, redisMisses, redisClients,
        mongodbConnections, mongodbConnectionsAvailable, mongodbOperations, mongodbCacheBytes, finding,
    ]

    /// The exposition of `snapshot` as `assessment` judged it, with ages as of `now`.
    package static func exposition(of snapshot: Snapshot, assessment: Assessment, at now: Date = Date()) -> String {
        var writer = Writer(namespace: snapshot.namespace)
        writer.set(buildInfo, ["version": InfraTopVersion.current], 1)

        for source in SourceID.allCases {
            let status = snapshot.status(of: source)
            let labels = ["source": source.rawValue]
            writer.set(sourceUp, labels, status.state == .live ? 1 : 0)
            writer.set(sourceFailures, labels, Double(status.consecutiveFailures))
            if let lastGood = status.lastGoodAt {
                writer.set(sourceAge, labels, max(0, now.timeIntervalSince(lastGood)))
                writer.set(sourceLastSuccess, labels, lastGood.timeIntervalSince1970)
            }
        }
        func isLive(_ source: SourceID) -> Bool { snapshot.status(of: source).state == .live }

        if isLive(.kubernetes) {
            for (component, scaling) in assessment.workloads.sorted(by: { $0.key < $1.key }) where scaling.health.exists {
                let health = scaling.health
                let labels = ["component": component, "workload": health.workloadName, "kind": health.component.workloadKind.rawValue.lowercased()]
                writer.set(workloadDesired, labels, Double(health.desired))
                writer.set(workloadReady, labels, Double(health.ready))
            }
        }

        if let counts = assessment.kafkaBrokers {
            let sources: [(String, Int?, SourceID)] = [
                ("expected", counts.expected, .kubernetes), ("pods_ready", counts.podsReady, .kubernetes),
                ("zookeeper", counts.registered, .zookeeper), ("metadata", counts.inMetadata, .kafka), ("reachable", counts.reachable, .kafka),
            ]
            for (countedBy, count, source) in sources {
                guard let count, isLive(source) else { continue }
                writer.set(kafkaBrokers, ["counted_by": countedBy], Double(count))
            }
        }
        if isLive(.kafka), let health = assessment.kafka {
            for topic in health.topics {
                let labels = ["topic": topic.name]
                writer.set(kafkaPartitions, labels, Double(topic.partitions))
                writer.set(kafkaOffline, labels, Double(topic.offline))
                writer.set(kafkaUnderReplicated, labels, Double(topic.underReplicated))
                writer.set(kafkaUnderMinISR, labels, Double(topic.underMinISR))
            }
            for lag in health.lag {
                writer.set(kafkaGroupLag, ["group": lag.group, "topic": lag.topic], Double(lag.messages))
            }
        }

        if isLive(.zookeeper), let server = snapshot.zookeeper?.server {
            writer.set(zooKeeperLatencyAverage, [:], server.averageLatency / 1000)
            writer.set(zooKeeperLatencyMaximum, [:], server.maximumLatency / 1000)
            writer.set(zooKeeperOutstanding, [:], Double(server.outstandingRequests))
        }

        if isLive(.redis), let info = snapshot.redis?.sample.info {
            if let used = info.usedMemory { writer.set(redisUsedMemory, [:], Double(used)) }
            if let limit = info.maxmemory { writer.set(redisMaxMemory, [:], Double(limit.bytes ?? 0)) }
            if let evicted = info.evictedKeys { writer.count(redisEvicted, [:], evicted) }
            if let hits = info.keyspaceHits { writer.count(redisHits, [:], hits) }
            if let misses = info.keyspaceMisses { writer.count(redisMisses, [:], misses) }
            if let clients = info.connectedClients { writer.set(redisClients, [:], Double(clients)) }
        }
        if isLive(.mongodb), let sample = snapshot.mongodb?.sample {
            if let current = sample.connections.current { writer.set(mongodbConnections, [:], Double(current)) }
            if let available = sample.connections.available { writer.set(mongodbConnectionsAvailable, [:], Double(available)) }
            let counters = sample.opcounters
            for (type, value) in [("insert", counters.insert), ("query", counters.query), ("update", counters.update),
                                  ("delete", counters.delete), ("getmore", counters.getmore), ("command", counters.command)] {
                if let value { writer.count(mongodbOperations, ["type": type], value) }
            }
            if let cache = sample.cache {
                for (state, value) in [("used", cache.bytesInCache), ("dirty", cache.trackedDirtyBytes), ("max", cache.maximumBytes)] {
                    if let value { writer.set(mongodbCacheBytes, ["state": state], Double(value)) }
                }
            }
        }

        var findings: [[String: String]: Int] = [:]
        for finding in assessment.findings {
            let component = finding.subject?.component ?? finding.subject?.source?.rawValue ?? ""
            findings[["rule": finding.rule, "severity": finding.severity.description, "component": component], default: 0] += 1
        }
        for (labels, count) in findings {
            writer.set(finding, labels, Double(count))
        }
        return writer.registry.emitToString()
    }

    /// Gauges and counters into one registry, each with the namespace label first.
    private struct Writer {
        let registry = PrometheusCollectorRegistry()
        var namespace: String

        func labels(_ labels: [String: String]) -> [(String, String)] {
            [("namespace", namespace)] + labels.sorted { $0.key < $1.key }.map { ($0.key, TerminalText.oneLine($0.value)) }
        }

        func set(_ family: Family, _ labels: [String: String], _ value: Double) {
            registry.makeGauge(descriptor: family.descriptor, labels: self.labels(labels)).set(value)
        }

        /// A counter the server keeps (Redis's own totals): exported as its current value.
        func count(_ family: Family, _ labels: [String: String], _ value: Int) {
            guard value >= 0 else { return }
            registry.makeCounter(descriptor: family.descriptor, labels: self.labels(labels)).increment(by: Int64(value))
        }
    }
}
