import Foundation
import Testing
@testable import InfraTopUI
@testable import InfraTopCore
import InfraTopBasics
import InfraTopKafka
import InfraTopRedis
import InfraTopZooKeeper
import NIOCore
@testable import InfraTopKubernetes

/// Numbers a buggy, proxied or hostile server can send, taken through the model and drawn: each
/// used to trap (a Double too large for Int, an Int64 subtraction that overflowed). Now each is
/// drawn as the large or odd value it is.
@Suite struct HostileNumbersTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    static let now = ScreenTests.now

    func render(_ snapshot: Snapshot, view: ViewID, width: Int = 100, height: Int = 24) -> String {
        var state = AppState()
        state.view = view
        let frame = Frame(snapshot: snapshot, findings: Diagnosis().findings(for: snapshot), state: state,
                          theme: .default, timeZone: TimeZone(identifier: "UTC") ?? .current)
        return Screen.render(frame, width: width, height: height).canvas.lines.joined(separator: "\n")
    }

    @Test func saturatingArithmeticHoldsAtTheBounds() {
        #expect(Int64.max.addingSaturated(1) == .max)
        #expect(Int64.min.addingSaturated(-1) == .min)
        #expect(Int64.max.subtractingSaturated(Int64.min) == .max)
        #expect(Int64.min.subtractingSaturated(1) == .min)
        #expect(Int(saturating: 1e308) == .max)
        #expect(Int(saturating: -1e308) == .min)
        #expect(Int(saturating: .nan) == 0)
        #expect(Int(saturating: 9_223_372_036_854_775_807.0) == .max)
        #expect(Int(saturating: 42.9) == 42)
        #expect(DurationText.short(9.3e18) == "\(Int.max / 86_400)d\((Int.max % 86_400) / 3600)h")
    }

    /// `srvr` answering `Latency min/avg/max: 0/1e308/1e308`.
    @Test func aZooKeeperLatencyOf1e308IsDrawn() throws {
        let text = """
            Zookeeper version: 3.8.4-9316c2a7a97e1666d8f4593f34dd6fc36ecc436c, built on 2024-02-12 22:16 UTC
            Latency min/avg/max: 0/1e308/1e308
            Received: 10
            Sent: 10
            Connections: 1
            Outstanding: 0
            Zxid: 0x0
            Mode: standalone
            Node count: 5
            """
        let stats = try ZooKeeperServerStats(parsing: text)
        var store = Store(notConnectedReasons: [:])
        store.record(ZooKeeperSample(endpoint: Endpoint(host: "zookeeper", port: 2181), takenAt: Self.now, duration: 0.01,
                                     server: stats, monitor: nil, kafka: nil, isReadOnly: false, notes: []), at: Self.now)
        let snapshot = store.snapshot(at: Self.now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        let screen = render(snapshot, view: .overview, width: 160, height: 40)
        #expect(screen.contains("1e+308ms"), "\(screen)")
    }

    /// A SLOWLOG entry whose start is the smallest 64-bit integer: its age is as large as an Int holds.
    @Test func aSlowlogEntryFromTheMinimumTimestampIsDrawn() throws {
        let reply = RESPValue.array([.integer(7), .integer(Int64.min), .integer(Int64.max), .array([.bulkString(ByteBuffer(string: "GET")), .bulkString(ByteBuffer(string: "k"))])])
        let entry = try #require(RedisSlowlogEntry(reply: reply))
        var sample = RedisViewTests.sample(at: Self.now, used: 1_000_000, evicted: 0, hits: 1, misses: 1, commands: 10)
        sample.slowlog = [entry]
        var store = Store(notConnectedReasons: [:])
        store.record(sample, at: Self.now)
        let screen = render(store.snapshot(at: Self.now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2), view: .redis, width: 120, height: 30)
        #expect(screen.contains("GET k"), "\(screen)")
    }

    /// Redis counters that jump between extremes between two polls: rates and the forecast stay numbers.
    @Test func redisCountersAtTheExtremesGiveRatesNotATrap() {
        var store = Store(notConnectedReasons: [:])
        let start = Self.now.addingTimeInterval(-2)
        func sample(at time: Date, used: Int, evicted: Int, commands: Int) -> RedisSample {
            let info = [
                "# Server", "redis_version:7.0.15", "uptime_in_seconds:3600",
                "# Memory", "used_memory:\(used)", "maxmemory:268435456", "maxmemory_policy:allkeys-lru",
                "# Stats", "total_commands_processed:\(commands)", "evicted_keys:\(evicted)",
                "keyspace_hits:\(Int.max)", "keyspace_misses:\(Int.max)",
            ].joined(separator: "\r\n")
            return RedisSample(takenAt: time, info: RedisInfo(parsing: info), slowlog: [], duration: .milliseconds(3), protocolVersion: 3)
        }
        store.record(sample(at: start, used: Int.min + 1, evicted: Int.min + 1, commands: 0), at: start)
        store.record(sample(at: Self.now, used: Int.max, evicted: Int.max, commands: Int.max), at: Self.now)
        let snapshot = store.snapshot(at: Self.now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        #expect(snapshot.redis?.health.evictionsPerSecond.map { $0 > 1e18 } == true)
        _ = render(snapshot, view: .redis)
        _ = render(snapshot, view: .overview)
    }

    /// High watermarks that jump from the smallest to the largest 64-bit value between polls, and a
    /// committed offset far below: the topic's rate and the group's lag saturate instead of trapping.
    @Test func kafkaWatermarksAtTheExtremesGiveRatesAndLagNotATrap() throws {
        let client = Endpoint(host: "kafka-client", port: 9092)
        func sample(at time: Date, watermark: Int64) -> KafkaSample {
            var sample = KafkaSample(
                takenAt: time, metadataFrom: client, controllerID: 0,
                brokers: [KafkaSample.Broker(id: 0, advertised: client, address: client, isController: true)],
                topics: [.init(name: "orders", partitions: [
                    .init(index: 0, leader: 0, replicas: [0], isr: [0], highWatermark: watermark),
                    .init(index: 1, leader: 0, replicas: [0], isr: [0], highWatermark: watermark),
                ])])
            sample.groups = [KafkaSample.Group(id: "order-service", committed: [.init("orders", 0): Int64.min, .init("orders", 1): Int64.min])]
            return sample
        }
        let before = sample(at: Self.now.addingTimeInterval(-2), watermark: Int64.min)
        let after = sample(at: Self.now, watermark: Int64.max)
        let health = KafkaHealth(sample: after, previous: before)
        #expect(health.messagesPerSecond["orders"] == Double(Int64.max) / 2)
        #expect(health.lag.first?.messages == Int64.max)
        var store = Store(notConnectedReasons: [:])
        store.record(before, at: before.takenAt)
        store.record(after, at: after.takenAt)
        _ = render(store.snapshot(at: Self.now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2), view: .kafka, width: 140, height: 40)
    }
}

/// A StatefulSet whose replicas or first ordinal came from a broken server: its names are bounded
/// and its arithmetic does not overflow.
@Suite struct HostileWorkloadTests {
    @Test func aStatefulSetOfTwoBillionReplicasNamesAtMostTheBound() {
        var set = StatefulSet(metadata: ObjectMeta(name: "kafka"))
        set.spec.replicas = Int(Int32.max)
        #expect(set.desiredPodNames.count == StatefulSet.maximumNamedReplicas)
        set.spec.ordinals = .init(start: Int.max - 1)
        #expect(set.desiredPodNames == ["kafka-\(Int.max - 1)"])
        set.spec.replicas = -5
        #expect(set.desiredPodNames.isEmpty)
    }

    @Test func itsHealthIsDrawnWithoutTrapping() {
        var set = StatefulSet(metadata: ObjectMeta(name: "kafka", namespace: "e-commerce-saga"))
        set.spec.replicas = Int(Int32.max)
        set.spec.ordinals = .init(start: Int.min + 1)
        let state = KubernetesState(takenAt: ScreenTests.now, context: "lab", namespace: "e-commerce-saga", statefulSets: [set])
        var snapshot = Snapshot(takenAt: ScreenTests.now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2, sources: [:])
        snapshot.kubernetes = state
        let assessment = Assessment(snapshot: snapshot, diagnosis: Diagnosis())
        #expect(assessment.healths["kafka"]?.missing.count == StatefulSet.maximumNamedReplicas)
        var frameState = AppState()
        frameState.view = .scaling
        let frame = Frame(snapshot: snapshot, assessment: assessment, components: Component.eCommerceSaga, state: frameState, theme: .default)
        #expect(!Screen.render(frame, width: 120, height: 30).canvas.lines.isEmpty)
    }
}
