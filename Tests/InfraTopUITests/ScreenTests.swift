import Foundation
import InfraTopCore
import Testing
@testable import InfraTopUI
import InfraTopBasics
import InfraTopKafka
import InfraTopRedis
import InfraTopZooKeeper

/// Whole screens as the dashboard and `infratop snapshot` draw them, compared line by line.
@Suite struct ScreenTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func snapshot(_ sources: [SourceID: SourceStatus] = [:]) -> Snapshot {
        var statuses: [SourceID: SourceStatus] = [
            .kubernetes: .notConnected("no client yet"),
            .kafka: .notConnected("no client yet"),
            .zookeeper: .notConnected("no client yet"),
            .redis: .notConnected("no client yet"),
        ]
        statuses.merge(sources) { _, new in new }
        return Snapshot(takenAt: now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2, sources: statuses)
    }

    static func render(_ snapshot: Snapshot, state: AppState = AppState(), width: Int, height: Int, glyphs: GlyphSet = .unicode) -> Canvas {
        let frame = Frame(
            snapshot: snapshot, findings: Diagnosis().findings(for: snapshot), state: state,
            theme: .default, timeZone: TimeZone(identifier: "UTC") ?? .current
        )
        return Screen.render(frame, width: width, height: height, glyphs: glyphs).canvas
    }

    @Test func theOverviewAtTheMinimumSizeShowsEveryPanel() {
        expectScreen(Self.render(Self.snapshot(), width: 60, height: 15), [
            " infratop  1 Overview  2  3  4  5  6  7          5 warnings ",
            " ● mongodb ?  ● zookeeper ?  ● kafka ?  ● redis ?  ● order ?",
            "┌ Findings ───────────────────────────────────────────── 5 ┐",
            "│ warning  Kubernetes not connected: no client yet         │",
            "│ warning  Kafka not connected: no client yet              │",
            "└──────────────────────────────────────────────────────────┘",
            "┌ mongodb ────┐┌ zookeeper ──┐┌ kafka ─ sts ┐┌ redis ─ sts ┐",
            "│ pods not    ││ pods not    ││ pods not    ││ pods not    │",
            "└─────────────┘└─────────────┘└─────────────┘└─────────────┘",
            "┌ order ─┐┌ inven… ┐┌ payme… ┐┌ shipp… ┐┌ notif… ┐┌ saga-… ┐",
            "│ pods   ││ pods   ││ pods   ││ pods   ││ pods   ││ pods   │",
            "│ not    ││ not    ││ not    ││ not    ││ not    ││ not    │",
            "└────────┘└────────┘└────────┘└────────┘└────────┘└────────┘",
            " 11:06:40  k8s off kafka off zk off redis off mongo off     ",
            " q quit  ? help  1-7 views  tab focus  / filter  enter open ",
        ])
    }

    @Test func belowTheMinimumSizeTheScreenSaysWhatItNeeds() {
        expectScreen(Self.render(Self.snapshot(), width: 59, height: 15), [
            "                                                           ",
            "                                                           ",
            "                                                           ",
            "                                                           ",
            "                                                           ",
            "                                                           ",
            "                 terminal too small: 59×15                 ",
            "                   infratop needs 60×15                    ",
            "                                                           ",
            "                                                           ",
            "                                                           ",
            "                                                           ",
            "                                                           ",
            "                                                           ",
            "                                                           ",
        ])
    }

    @Test func helpOverlaysTheViewWithEveryBinding() {
        var help = AppState()
        help.isHelpShown = true
        expectScreen(Self.render(Self.snapshot(), state: help, width: 80, height: 24), [
            " infratop  1 Overview  2  3  4  5  6  7                              5 warnings ",
            " ● mongodb ?  ● zookeeper ?  ● kafka ?  ● redis ?  ● order ?  ● inventory ?     ",
            "┌ Help ───────────────────────────────────────────────────────────── esc close ┐",
            "│ 1 … 7            views: overview, pods, kafka, redis, logs, scaling, mongodb │",
            "│ tab / shift-tab  move focus between panels                                   │",
            "│ ↑ ↓  j k         move the selection                                          │",
            "│ pgup pgdn  g G   page, top, bottom                                           │",
            "│ enter  d         open the selected item; d: a finding in full                │",
            "│ esc              clear the filter, then go back                              │",
            "│ /                filter the current view                                     │",
            "│ N S R A O        sort pods by name, status, restarts, age, owner             │",
            "│ t                next theme; in logs: timestamps                             │",
            "│ l                logs of the pod, or the workload's pods                     │",
            "│ logs: s w        pause/follow, wrap lines                                    │",
            "│ logs: / n N      regex filter, next/previous match                           │",
            "│ logs: p c f      previous run, next container, full                          │",
            "│ logs: S x esc    save to $TMPDIR, clear, close                               │",
            "│ r                refresh every source now                                    │",
            "│ ?                close this help                                             │",
            "│ q  ctrl-c        quit                                                        │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
            "└───────────┘└───────────┘└───────────┘└───────────┘└───────────┘└─────────────┘",
            " ns e-commerce-saga 11:06:40  k8s off kafka off zk off redis off mongo off      ",
            " q quit  ? help  1-7 views  tab focus  / filter  enter open  esc back  t theme  ",
        ])
    }

    @Test func podsViewInASCIIWithAFilterSaysKubernetesIsNotConnected() {
        var pods = AppState()
        pods.view = .pods
        pods.filter = "kafka"
        expectScreen(Self.render(Self.snapshot(), state: pods, width: 64, height: 16, glyphs: .ascii), [
            " infratop  1  2 Pods  3  4  5  6  7                  5 warnings ",
            "+ Pods /kafka -------------------------------- e-commerce-saga +",
            "| NAME^            READY STATUS     RESTARTS  AGE NODE   OWNER |",
            "|            Kubernetes not connected: no client yet           |",
            "|                                                              |",
            "|                                                              |",
            "|                                                              |",
            "|                                                              |",
            "|                                                              |",
            "|                                                              |",
            "|                                                              |",
            "|                                                              |",
            "|                                                              |",
            "+--------------------------------------------------------------+",
            " 11:06:40  k8s off kafka off zk off redis off mongo off         ",
            " / filter: kafka  q quit  ? help  1-7 views  tab focus  / filter",
        ])
    }
}

/// The Redis view from two INFO samples two seconds apart, as the collector would deliver them.
@Suite struct RedisViewTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    static func sample(at time: Date, used: Int, evicted: Int, hits: Int, misses: Int, commands: Int) -> RedisSample {
        let info = [
            "# Server", "redis_version:7.0.15", "uptime_in_seconds:3600",
            "# Clients", "connected_clients:7", "blocked_clients:1",
            "# Memory", "used_memory:\(used)", "used_memory_rss:\(used + 8_388_608)", "used_memory_peak:\(used)",
            "maxmemory:268435456", "maxmemory_policy:allkeys-lru", "mem_fragmentation_ratio:1.03",
            "# Persistence", "aof_enabled:1", "aof_last_write_status:ok", "aof_rewrite_in_progress:0",
            "rdb_last_bgsave_status:ok", "rdb_changes_since_last_save:12",
            "# Stats", "total_commands_processed:\(commands)", "instantaneous_ops_per_sec:900",
            "rejected_connections:0", "expired_keys:40", "evicted_keys:\(evicted)",
            "keyspace_hits:\(hits)", "keyspace_misses:\(misses)",
            "# Replication", "role:master", "connected_slaves:0",
            "# Keyspace", "db0:keys=31000,expires=120,avg_ttl=0",
        ].joined(separator: "\r\n")
        let slowlog = [RedisSlowlogEntry(id: 14, startedAt: time.addingTimeInterval(-95), durationMicroseconds: 12_500, arguments: ["KEYS", "order:*"])]
        return RedisSample(takenAt: time, info: RedisInfo(parsing: info), slowlog: slowlog, duration: .milliseconds(3), protocolVersion: 3)
    }

    @Test func showsMemoryAgainstMaxmemoryEvictionsAndPersistence() {
        let start = ScreenTests.now.addingTimeInterval(-2)
        var store = Store(notConnectedReasons: [:])
        store.record(Self.sample(at: start, used: 250_000_000, evicted: 1000, hits: 900, misses: 100, commands: 10_000), at: start)
        store.record(Self.sample(at: ScreenTests.now, used: 252_000_000, evicted: 1600, hits: 1800, misses: 200, commands: 12_000), at: ScreenTests.now)
        let snapshot = store.snapshot(at: ScreenTests.now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        var state = AppState()
        state.view = .redis
        let frame = Frame(
            snapshot: snapshot, findings: Diagnosis().findings(for: snapshot), state: state,
            theme: .default, timeZone: TimeZone(identifier: "UTC") ?? .current
        )
        expectScreen(Screen.render(frame, width: 100, height: 20).canvas, [
            " infratop  1 Overview  2 Pods  3 Kafka  4 Redis  5 Logs  6 Scaling  7 MongoDB            6 warnings ",
            " warning   Redis: memory at 93% of maxmemory (allkeys-lru)                                          ",
            " warning   Redis: evicting 300 keys/s under allkeys-lru — the cache is smaller than its working set ",
            "┌ Memory ────────────────────────────────── live ┐┌ Evictions and throughput ──────────────── live ┐",
            "│ used █████████████████████████████████░░░  93% ││ evicted 300/s  total 1600                      │",
            "│ 240.3Mi/256Mi  peak 240.3Mi  full in 16s       ││ evictions                                    █ │",
            "│ rss 248.3Mi  frag 1.03  policy allkeys-lru     ││ hit ratio 90.0%  ops 1.0k/s                    │",
            "│ memory                                      ██ ││ clients 7 (1 blocked)  rejected 0  expired 40  │",
            "│                                                ││                                                │",
            "└────────────────────────────────────────────────┘└────────────────────────────────────────────────┘",
            "┌ Slow log ──────────────────────────────── live ┐┌ Persistence and replication ───────────── live ┐",
            "│       ID     AGE      TOOK COMMAND             ││ AOF on  last write ok                          │",
            "│       14   1m35s    12.5ms KEYS order:*        ││ RDB last save ok  changes since 12             │",
            "│                                                ││ role master  replicas 0                        │",
            "│                                                ││ db0 31000 keys (120 expiring)                  │",
            "│                                                ││                                                │",
            "│                                                ││                                                │",
            "└────────────────────────────────────────────────┘└────────────────────────────────────────────────┘",
            " ctx lab ns e-commerce-saga 11:06:40 every 2s  k8s off kafka off zk off redis 0s mongo off          ",
            " q quit  ? help  1-7 views  tab focus  / filter  enter open  esc back  t theme  r refresh           ",
        ])
    }
}

/// ZooKeeper as the Kafka view shows it, for the e-commerce-saga case: only kafka-0 registered.
@Suite struct ZooKeeperPanelTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    @Test func showsServerNumbersAndWhichBrokersAreRegistered() {
        let now = ScreenTests.now
        let stats = ZooKeeperServerStats(
            version: "3.8.0-5a02a05eddb59aee6ac762f7ea82e92a68eb9c0f, built on 2022-02-25 08:49 UTC",
            minimumLatency: 0, averageLatency: 0.4, maximumLatency: 12, packetsReceived: 120, packetsSent: 119,
            connections: 4, outstandingRequests: 0, zxid: 0x1_0000_002A, mode: .standalone, nodeCount: 31
        )
        let monitor = ZooKeeperMonitorValues(entries: [.init(key: "zk_ephemerals_count", value: "3")])
        let broker = KafkaBrokerRegistration(
            id: 0, endpoints: ["PLAINTEXT://kafka-client:9092"], host: "kafka-client", port: 9092,
            registeredAt: now, version: 5, sessionID: 7, createdAt: now
        )
        let orders = KafkaTopicAssignment(name: "orders", topicID: nil, partitions: [KafkaPartitionAssignment(partition: 0, replicas: [0, 1, 2])])
        let kafka = KafkaRegistrations(brokers: [broker], controller: KafkaControllerRegistration(brokerID: 0, electedAt: now, sessionID: 7), topics: [orders])
        let sample = ZooKeeperSample(
            endpoint: Endpoint(host: "zookeeper", port: 2181), takenAt: now, duration: 0.01,
            server: stats, monitor: monitor, kafka: kafka, isReadOnly: false, notes: []
        )
        var store = Store(notConnectedReasons: [:])
        store.record(sample, at: now)
        var state = AppState()
        state.view = .kafka
        state.focusedPanel = 4
        let snapshot = store.snapshot(at: now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        let frame = Frame(snapshot: snapshot, findings: [], state: state, theme: .default, timeZone: TimeZone(identifier: "UTC") ?? .current)
        let lines = Screen.render(frame, width: 120, height: 30).canvas.lines
        #expect(Array(lines[20...27].map { String($0.suffix(60)) }) == [
            "┌ ZooKeeper ───────────────────────────────────────── live ┐",
            "│ mode standalone  version 3.8.0                           │",
            "│ latency min/avg/max 0/0.4/12 ms                          │",
            "│ outstanding 0  znodes 31  ephemerals 3  connections 4    │",
            "│ brokers registered 0  assigned but absent 1, 2           │",
            "│ controller broker 0  topics 1                            │",
            "│                                                          │",
            "└──────────────────────────────────────────────────────────┘",
        ])
    }
}

/// The Kafka view for e-commerce-saga's failure: one broker of three, every partition under min ISR.
@Suite struct KafkaViewTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    static func sample(at time: Date, highWatermark: Int64) -> KafkaSample {
        let client = Endpoint(host: "kafka-client", port: 9092)
        let partitions = (0..<3).map { index in
            KafkaSample.Partition(index: Int32(index), leader: 0, replicas: [0, 1, 2], isr: [0], highWatermark: highWatermark, lowWatermark: 0)
        }
        let group = KafkaSample.Group(
            id: "saga-coordinator", state: "Stable",
            members: [KafkaSample.GroupMember(memberID: "m-1", clientID: "saga", clientHost: "/10.244.1.7")],
            committed: [KafkaSample.TopicPartition("orders", 0): 90, KafkaSample.TopicPartition("orders", 1): 100, KafkaSample.TopicPartition("orders", 2): 95]
        )
        return KafkaSample(
            takenAt: time, metadataFrom: client, controllerID: 0,
            brokers: [KafkaSample.Broker(id: 0, advertised: client, address: client, isController: true)],
            topics: [KafkaSample.Topic(name: "orders", partitions: partitions)],
            groups: [group]
        )
    }

    @Test func aCountFromAStaleSourceSaysHowOldItIs() {
        let now = ScreenTests.now
        let zookeeper = ZooKeeperSample(
            endpoint: Endpoint(host: "zookeeper", port: 2181), takenAt: now.addingTimeInterval(-40), duration: 0.01, server: nil, monitor: nil,
            kafka: KafkaRegistrations(
                brokers: [KafkaBrokerRegistration(id: 0, endpoints: [], host: nil, port: nil, registeredAt: nil, version: 5, sessionID: 7, createdAt: now)],
                controller: nil, topics: []),
            isReadOnly: false, notes: [])
        var store = Store(notConnectedReasons: [:])
        store.record(zookeeper, at: now.addingTimeInterval(-40))
        store.recordFailure(.zookeeper, error: CollectorError("zookeeper:2181 refused the connection"), at: now)
        store.record(Self.sample(at: now, highWatermark: 100), at: now)
        var state = AppState()
        state.view = .kafka
        let snapshot = store.snapshot(at: now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        let frame = Frame(snapshot: snapshot, findings: [], state: state, theme: .default, timeZone: TimeZone(identifier: "UTC") ?? .current)
        let lines = Screen.render(frame, width: 110, height: 24).canvas.lines
        // ZooKeeper's count is 40 s old; the panel's own `live` is Kafka's. (Labels keep their
        // numbers with no-break spaces.)
        let nbsp = "\u{00A0}"
        #expect(Array(lines[1...4].map { String($0.prefix(55)).replacingOccurrences(of: nbsp, with: "_") }) == [
            "┌ Brokers ────────────────────────────────────── live ┐",
            "│ expected_–  pods_ready_–                            │",
            "│ in_ZooKeeper_1_(stale_40s)  in_metadata_1           │",
            "│ reachable_1                                         │",
        ])
    }

    @Test func showsTheMissingBrokersAndWhatTheyBreak() {
        let now = ScreenTests.now
        var store = Store(notConnectedReasons: [:])
        store.record(Self.sample(at: now.addingTimeInterval(-2), highWatermark: 80), at: now.addingTimeInterval(-2))
        store.record(Self.sample(at: now, highWatermark: 100), at: now)
        var state = AppState()
        state.view = .kafka
        let snapshot = store.snapshot(at: now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        let frame = Frame(snapshot: snapshot, findings: Diagnosis().findings(for: snapshot), state: state, theme: .default, timeZone: TimeZone(identifier: "UTC") ?? .current)
        expectScreen(Screen.render(frame, width: 110, height: 24).canvas, [
            " infratop  1 Overview  2 Pods  3 Kafka  4 Redis  5 Logs  6 Scaling  7 MongoDB         1 critical · 4 warnings ",
            "┌ Brokers ────────────────────────────────────── live ┐┌ Partitions ─────────────────────────────────── live ┐",
            "│ expected –  pods ready –  in ZooKeeper –            ││ partitions 3  offline 0                             │",
            "│ in metadata 1  reachable 1                          ││ under-replicated 3  at min ISR 0                    │",
            "│   ID POD  ADDRESS        LEADERS REPLICAS STATE     ││ under min ISR 3  last 60m                   █ max 3 │",
            // Without Kubernetes no StatefulSet says which pod runs broker 0.
            "│  0 * –    kafka-client:…       3        3 reachable ││ leader skew 1.00                                    │",
            "└─────────────────────────────────────────────────────┘└─────────────────────────────────────────────────────┘",
            "┌ Topics ────────────────────────────────────────────────────────────────────────────────────────────── live ┐",
            "│ TOPIC                                                        PARTITIONS  RF   URP UNDER-MIN-ISR      MSG/S │",
            "│ orders                                                                3   3     3             3       30/s │",
            "│                                                                                                            │",
            "│                                                                                                            │",
            "│                                                                                                            │",
            "│                                                                                                            │",
            "│                                                                                                            │",
            "└────────────────────────────────────────────────────────────────────────────────────────────────────────────┘",
            "┌ Consumer groups ────────────────────────────── live ┐┌ ZooKeeper ──────────────────────────────────────────┐",
            "│ GROUP       STATE   MEMBERS WORKLOAD TOPIC      LAG ││ ZooKeeper not connected: no collector for ZooKeeper │",
            "│ saga-coord… Stable        1 –        orders      15 ││                                                     │",
            "│                                                     ││                                                     │",
            "│                                                     ││                                                     │",
            "└─────────────────────────────────────────────────────┘└─────────────────────────────────────────────────────┘",
            " ctx lab ns e-commerce-saga 11:06:40 every 2s  k8s off kafka 0s zk off redis off mongo off                    ",
            " q quit  ? help  1-7 views  tab focus  / filter  enter open  esc back  t theme  r refresh                     ",
        ])
    }
}
