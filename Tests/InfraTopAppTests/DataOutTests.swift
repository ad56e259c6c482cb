import Foundation
import InfraTopBasics
import InfraTopCore
import InfraTopExport
import InfraTopFixtures
import InfraTopKafka
import InfraTopRedis
import InfraTopMongo
import InfraTopZooKeeper
import TestSupport
import Testing
@testable import InfraTopUI

/// The model as JSON and as Prometheus metrics, from e-commerce-saga's snapshot: what the views
/// show, the schema it follows, and series that say only what is live.
@MainActor
@Suite struct DataOutTests {
    init() { _ = TerminalLocale.activateUTF8ForTesting() }

    static let now = Cluster.labStart
    static let client = Endpoint(host: "kafka-client", port: 9092)

    static func kafka(at time: Date, highWatermark: Int64) -> KafkaSample {
        let partitions = (0..<3).map { index in
            KafkaSample.Partition(index: Int32(index), leader: 0, replicas: [0, 1, 2], isr: [0], highWatermark: highWatermark, lowWatermark: 0)
        }
        let payments = [KafkaSample.Partition(index: 0, leader: 0, replicas: [0], isr: [0], highWatermark: 7, lowWatermark: 0)]
        let group = KafkaSample.Group(
            id: "saga-coordinator", state: "Stable",
            members: [KafkaSample.GroupMember(memberID: "m-1", clientID: "saga", clientHost: "/10.244.1.7")],
            committed: [KafkaSample.TopicPartition("orders", 0): 90, KafkaSample.TopicPartition("orders", 1): 100, KafkaSample.TopicPartition("orders", 2): 95]
        )
        return KafkaSample(
            takenAt: time, metadataFrom: client, controllerID: 0,
            brokers: [KafkaSample.Broker(id: 0, advertised: client, address: client, isController: true)],
            topics: [KafkaSample.Topic(name: "orders", partitions: partitions), KafkaSample.Topic(name: "payments", partitions: payments)],
            groups: [group]
        )
    }

    static func redis(at time: Date, evicted: Int) -> RedisSample {
        let info = [
            "# Server", "redis_version:7.0.15", "uptime_in_seconds:3600",
            "# Clients", "connected_clients:7", "blocked_clients:1",
            "# Memory", "used_memory:250000000", "used_memory_rss:258388608", "used_memory_peak:250000000",
            "maxmemory:268435456", "maxmemory_policy:allkeys-lru", "mem_fragmentation_ratio:1.03",
            "# Stats", "total_commands_processed:10000", "evicted_keys:\(evicted)", "keyspace_hits:900", "keyspace_misses:100",
            "# Replication", "role:master", "connected_slaves:0",
            "# Keyspace", "db0:keys=31000,expires=120,avg_ttl=0",
        ].joined(separator: "\r\n")
        return RedisSample(takenAt: time, info: RedisInfo(parsing: info), slowlog: [], duration: .milliseconds(3), protocolVersion: 3)
    }

    static func zooKeeper(at time: Date) -> ZooKeeperSample {
        let stats = ZooKeeperServerStats(
            version: "3.8.0", minimumLatency: 0, averageLatency: 0.5, maximumLatency: 12, packetsReceived: 120, packetsSent: 119,
            connections: 4, outstandingRequests: 2, zxid: 0x1_0000_002A, mode: .standalone, nodeCount: 31)
        let broker = KafkaBrokerRegistration(
            id: 0, endpoints: ["PLAINTEXT://kafka-client:9092"], host: "kafka-client", port: 9092, registeredAt: time, version: 5, sessionID: 7, createdAt: time)
        return ZooKeeperSample(
            endpoint: Endpoint(host: "zookeeper", port: 2181), takenAt: time, duration: 0.01, server: stats, monitor: nil,
            kafka: KafkaRegistrations(brokers: [broker], controller: nil, topics: []), isReadOnly: false, notes: [])
    }

    /// mongod 6.0 as the primary of rs0, with a secondary 3 s behind; `inserts` since it started.
    static func mongo(at time: Date, inserts: Int) -> MongoSample {
        MongoSample(
            takenAt: time, role: .primary, setName: "rs0", version: "6.0.13", host: "mongodb-0", processID: 1,
            uptimeSeconds: 86_400, serverTime: time,
            connections: .init(current: 12, available: 838_848, totalCreated: 40),
            opcounters: .init(insert: inserts, query: 500, update: 300, delete: 10, getmore: 5, command: 2000),
            cache: .init(bytesInCache: 100 * 1_048_576, trackedDirtyBytes: 2 * 1_048_576, maximumBytes: 256 * 1_048_576),
            globalLock: .init(queuedReaders: 0, queuedWriters: 1, activeReaders: 2, activeWriters: 0),
            residentMiB: 300, network: .init(bytesIn: 1_000_000, bytesOut: 2_000_000, requests: 5000),
            replicaSet: .init(name: "rs0", date: time, members: [
                .init(id: 0, name: "mongodb-0.mongodb-headless:27017", stateName: "PRIMARY", isHealthy: true, optimeDate: time, isSelf: true),
                .init(id: 1, name: "mongodb-1.mongodb-headless:27017", stateName: "SECONDARY", isHealthy: true, optimeDate: time.addingTimeInterval(-3), lagSeconds: 3),
            ]))
    }

    /// e-commerce-saga with every source live: Kubernetes from the lab's scenario, one broker of
    /// three, Redis evicting, ZooKeeper with one registration.
    static func store() throws -> Store {
        var store = Store(notConnectedReasons: [:])
        let before = now.addingTimeInterval(-2)
        store.record(try Cluster.eCommerceSaga(), at: before)
        store.record(kafka(at: before, highWatermark: 80), at: before)
        store.record(redis(at: before, evicted: 1000), at: before)
        store.record(kafka(at: now, highWatermark: 100), at: now)
        store.record(redis(at: now, evicted: 1600), at: now)
        store.record(zooKeeper(at: now), at: now)
        store.record(mongo(at: before, inserts: 1000), at: before)
        store.record(mongo(at: now, inserts: 1100), at: now)
        return store
    }

    static func assessed(_ store: Store) -> (Snapshot, Assessment) {
        let snapshot = store.snapshot(at: now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        return (snapshot, Assessment(snapshot: snapshot, diagnosis: Diagnosis()))
    }

    static func json(_ snapshot: Snapshot, _ assessment: Assessment) throws -> [String: Any] {
        let data = try SnapshotDocument(snapshot: snapshot, assessment: assessment).encoded()
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static var schema: JSONSchemaCheck {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return try JSONSchemaCheck(schema: Data(contentsOf: root.appendingPathComponent("docs/snapshot.schema.json")))
        }
    }

    func frame(_ snapshot: Snapshot, _ assessment: Assessment, view: ViewID) -> Frame {
        var state = AppState()
        state.view = view
        return Frame(snapshot: snapshot, assessment: assessment, components: Component.eCommerceSaga, state: state, theme: .default,
                     timeZone: TimeZone(identifier: "UTC") ?? .current)
    }

    // MARK: JSON

    @Test func theModelFollowsItsSchema() throws {
        let (snapshot, assessment) = Self.assessed(try Self.store())
        let document = try Self.json(snapshot, assessment)
        let failures = try Self.schema.failures(of: document)
        #expect(failures.isEmpty, "\(failures.prefix(10).map(\.description).joined(separator: "\n"))")
        for key in ["kubernetes", "kafka", "zookeeper", "redis", "mongodb"] {
            #expect(document[key] != nil, "no \(key)")
        }
    }

    @Test func theSchemaCheckRejectsWhatTheSchemaDoesNotAllow() throws {
        let (snapshot, assessment) = Self.assessed(try Self.store())
        var document = try Self.json(snapshot, assessment)
        document["surprise"] = 1
        var kafka = try #require(document["kafka"] as? [String: Any])
        var topics = try #require(kafka["topics"] as? [[String: Any]])
        topics[0]["partitions"] = "three"
        topics[0].removeValue(forKey: "replicationFactor")
        kafka["topics"] = topics
        document["kafka"] = kafka
        document["findings"] = [["severity": "dire", "rule": "x", "cause": "y", "evidence": []]]
        let failures = try Self.schema.failures(of: document).map(\.description)
        #expect(failures.sorted() == [
            ".findings[0].severity: dire is not one of [\"info\", \"warning\", \"critical\"]",
            ".kafka.topics[0].partitions: expected integer, found string",
            ".kafka.topics[0]: missing required \"replicationFactor\"",
            ".surprise: not in the schema",
        ])
    }

    @Test func itsPodsAreThePodsViewsRows() throws {
        let (snapshot, assessment) = Self.assessed(try Self.store())
        let pods = try #require((try Self.json(snapshot, assessment)["kubernetes"] as? [String: Any])?["pods"] as? [[String: Any]])
        let fromJSON = pods.map { pod in ["name", "ready", "status", "restarts", "age", "node", "owner"].map { pod[$0] as? String ?? "?" } }
        let fromView = PodsView.rows(for: frame(snapshot, assessment, view: .pods)).map(\.cells)
        #expect(fromJSON.count == snapshot.kubernetes?.pods.count)
        #expect(fromJSON == fromView.sorted { $0[0] < $1[0] })
        // And the screen draws those cells.
        let screen = Screen.render(frame(snapshot, assessment, view: .pods), width: 200, height: 60).canvas.lines
        for cells in fromJSON {
            #expect(screen.contains { line in line.contains(cells[0]) && cells.allSatisfy { line.contains($0) } }, "\(cells)")
        }
    }

    @Test func itsTopicsAreTheKafkaViewsTopicTable() throws {
        let (snapshot, assessment) = Self.assessed(try Self.store())
        let topics = try #require((try Self.json(snapshot, assessment)["kafka"] as? [String: Any])?["topics"] as? [[String: Any]])
        let fromJSON = topics.map { topic in
            [topic["name"] as? String ?? "?", "\(topic["partitions"] ?? "?")", "\(topic["replicationFactor"] ?? "?")",
             "\(topic["underReplicated"] ?? "?")", "\(topic["underMinIsr"] ?? "?")",
             (topic["messagesPerSecond"] as? Double).map(RateText.perSecond) ?? "–"]
        }
        #expect(fromJSON == [["orders", "3", "3", "3", "3", "30/s"], ["payments", "1", "1", "0", "0", "0/s"]])
        let health = try #require(assessment.kafka)
        #expect(KafkaPanels.topicRows(health.topics).map(\.cells) == fromJSON)
    }

    @Test func missingReplicasCarryTheirTypedCause() throws {
        let (snapshot, assessment) = Self.assessed(try Self.store())
        let workloads = try #require((try Self.json(snapshot, assessment)["kubernetes"] as? [String: Any])?["workloads"] as? [[String: Any]])
        let kafka = try #require(workloads.first { $0["component"] as? String == "kafka" })
        #expect(kafka["desired"] as? Int == 3 && kafka["ready"] as? Int == 1 && kafka["kind"] as? String == "StatefulSet")
        let missing = try #require(kafka["missing"] as? [[String: Any]])
        #expect(missing.map { $0["pod"] as? String } == ["kafka-1", "kafka-2"])
        let causes = missing.compactMap { $0["cause"] as? [String: Any] }
        #expect(causes.map { $0["kind"] as? String } == ["failedScheduling", "orderedReady"])
        #expect(causes[1]["waitingFor"] as? String == "kafka-1")
    }

    // MARK: Metrics

    func series(_ exposition: String, _ family: String) -> [String] {
        exposition.split(separator: "\n").map(String.init).filter { $0.hasPrefix(family + "{") || $0.hasPrefix(family + " ") }.sorted()
    }

    @Test func metricsSayWhatEachSourceCounts() throws {
        let (snapshot, assessment) = Self.assessed(try Self.store())
        let text = Metrics.exposition(of: snapshot, assessment: assessment, at: Self.now)
        let ns = "namespace=\"e-commerce-saga\""
        #expect(series(text, "infratop_kafka_brokers") == [
            "infratop_kafka_brokers{\(ns),counted_by=\"expected\"} 3.0",
            "infratop_kafka_brokers{\(ns),counted_by=\"metadata\"} 1.0",
            "infratop_kafka_brokers{\(ns),counted_by=\"pods_ready\"} 1.0",
            "infratop_kafka_brokers{\(ns),counted_by=\"reachable\"} 1.0",
            "infratop_kafka_brokers{\(ns),counted_by=\"zookeeper\"} 1.0",
        ])
        #expect(series(text, "infratop_kafka_partitions_under_min_isr") == [
            "infratop_kafka_partitions_under_min_isr{\(ns),topic=\"orders\"} 3.0",
            "infratop_kafka_partitions_under_min_isr{\(ns),topic=\"payments\"} 0.0",
        ])
        #expect(series(text, "infratop_kafka_consumer_group_lag_messages") == [
            "infratop_kafka_consumer_group_lag_messages{\(ns),group=\"saga-coordinator\",topic=\"orders\"} 15.0",
        ])
        #expect(series(text, "infratop_redis_memory_max_bytes") == ["infratop_redis_memory_max_bytes{\(ns)} 268435456.0"])
        #expect(series(text, "infratop_redis_evicted_keys_total") == ["infratop_redis_evicted_keys_total{\(ns)} 1600"])
        #expect(series(text, "infratop_zookeeper_latency_avg_seconds") == ["infratop_zookeeper_latency_avg_seconds{\(ns)} 0.0005"])
        #expect(series(text, "infratop_zookeeper_outstanding_requests") == ["infratop_zookeeper_outstanding_requests{\(ns)} 2.0"])
        #expect(series(text, "infratop_workload_desired_replicas").contains(
            "infratop_workload_desired_replicas{\(ns),component=\"kafka\",kind=\"statefulset\",workload=\"kafka\"} 3.0"))
        #expect(series(text, "infratop_source_up") == SourceID.allCases.map { "infratop_source_up{\(ns),source=\"\($0.rawValue)\"} 1.0" }.sorted())
        #expect(series(text, "infratop_mongodb_connections") == ["infratop_mongodb_connections{\(ns)} 12.0"])
        #expect(series(text, "infratop_mongodb_operations_total").contains("infratop_mongodb_operations_total{\(ns),type=\"insert\"} 1100"))
        #expect(series(text, "infratop_mongodb_cache_bytes").contains("infratop_mongodb_cache_bytes{\(ns),state=\"max\"} 268435456.0"))
        #expect(series(text, "infratop_build_info") == ["infratop_build_info{\(ns),version=\"\(InfraTopVersion.current)\"} 1.0"])
        #expect(text.contains("# TYPE infratop_redis_evicted_keys_total counter\n"))
        #expect(text.contains("# HELP infratop_kafka_brokers "))
    }

    @Test func aFailingSourceIsDownAndItsOldFiguresAreNotExported() throws {
        var store = try Self.store()
        store.recordFailure(.kafka, error: CollectorError("kafka-client:9092 refused the connection"), at: Self.now.addingTimeInterval(1))
        let snapshot = store.snapshot(at: Self.now.addingTimeInterval(5), context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        let assessment = Assessment(snapshot: snapshot, diagnosis: Diagnosis())
        let text = Metrics.exposition(of: snapshot, assessment: assessment, at: snapshot.takenAt)
        let ns = "namespace=\"e-commerce-saga\""
        #expect(series(text, "infratop_source_up").contains("infratop_source_up{\(ns),source=\"kafka\"} 0.0"))
        #expect(series(text, "infratop_source_age_seconds").contains("infratop_source_age_seconds{\(ns),source=\"kafka\"} 5.0"))
        #expect(series(text, "infratop_kafka_partitions").isEmpty)
        #expect(series(text, "infratop_kafka_consumer_group_lag_messages").isEmpty)
        // What Kubernetes and ZooKeeper count of the brokers is still live.
        #expect(series(text, "infratop_kafka_brokers") == [
            "infratop_kafka_brokers{\(ns),counted_by=\"expected\"} 3.0",
            "infratop_kafka_brokers{\(ns),counted_by=\"pods_ready\"} 1.0",
            "infratop_kafka_brokers{\(ns),counted_by=\"zookeeper\"} 1.0",
        ])
    }

    @Test func eachActiveFindingIsASeriesByRuleSeverityAndComponent() throws {
        let (snapshot, assessment) = Self.assessed(try Self.store())
        let text = Metrics.exposition(of: snapshot, assessment: assessment, at: Self.now)
        let findings = series(text, "infratop_finding")
        #expect(!assessment.findings.isEmpty)
        // Summed, the series count every finding once.
        let total = findings.compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
        #expect(Int(total) == assessment.findings.count)
        #expect(findings.contains { $0.hasPrefix("infratop_finding{namespace=\"e-commerce-saga\",component=\"kafka\",rule=\"kafka-brokers-missing\",severity=\"critical\"}") },
                "\(findings.joined(separator: "\n"))")
        #expect(findings.contains { $0.contains("rule=\"redis-memory-near-limit\"") }, "\(findings.joined(separator: "\n"))")
        // No pod names in any label.
        #expect(!text.contains("kafka-1\""), "\(text)")
    }

    @Test func labelValuesAreOneLineAndEscaped() throws {
        var store = Store(notConnectedReasons: [:])
        var sample = Self.kafka(at: Self.now, highWatermark: 1)
        sample.topics[0].name = "ord\"ers\n\u{1B}[31m"
        store.record(sample, at: Self.now)
        let snapshot = store.snapshot(at: Self.now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        let text = Metrics.exposition(of: snapshot, assessment: Assessment(snapshot: snapshot, diagnosis: Diagnosis()), at: Self.now)
        #expect(!text.contains("\u{1B}"))
        let partitions = series(text, "infratop_kafka_partitions")
        #expect(partitions.contains { $0.contains("topic=\"ord\\\"ers") }, "\(partitions)")
        #expect(text.split(separator: "\n").allSatisfy { $0.hasPrefix("#") || $0.hasPrefix("infratop_") }, "\(text)")
    }
}
