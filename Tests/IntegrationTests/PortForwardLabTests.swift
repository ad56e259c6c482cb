import Foundation
import InfraTopCore
import InfraTopUI
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import TestSupport
import InfraTopBasics
import InfraTopKafka
import InfraTopRedis
import InfraTopZooKeeper
import InfraTopKubernetes

/// Redis, ZooKeeper and Kafka reached only through the lab's API stand-in: tunnels on
/// `pods/{pod}/portforward` to the lab's real servers, as from a laptop with a kubeconfig.
@MainActor
@Suite(.serialized, .enabled(if: KafkaLabTests.isAvailable, "needs python3, openssl, redis-server, Debian's zookeeper, librdkafka-dev and cc"))
struct PortForwardLabTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    /// A lab with Kafka, its Kubernetes cache listed, and tunnels to its pods for `mode`'s kubeconfig.
    @MainActor final class Reach {
        let lab: KubeLab
        let cache: KubernetesCollector
        let tunnels: PodTunnels
        let password: String

        init(mode: String = "token") async throws {
            lab = try await KafkaLabTests.offThePool { try KubeLab(withKafka: true) }
            let client = try lab.client("token")
            cache = KubernetesCollector(client: client)
            cache.start()
            let dialer = try PortForwardDialer(access: try lab.access(mode))
            let cache = cache
            tunnels = PodTunnels(dialer: dialer, client: client) { cache.lastGood }
            password = try String(contentsOfFile: lab.directory + "/redis-password", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let listed = await waitUntil(timeout: 60) { if case .success = cache.currentResult() { return true }; return false }
            guard listed else { throw TestServerError("the lab's pods were never listed") }
        }

        func stop() async {
            await cache.stop()
            await cache.client.shutdown()
            let lab = lab
            _ = try? await KafkaLabTests.offThePool { lab.stop() }
        }

        func reach(_ component: String, mode: ReachMode = .api) -> SourceReach {
            SourceReach(mode: mode, component: Component.eCommerceSaga.first { $0.name == component }, tunnels: tunnels)
        }

        /// Collectors for the three sources, all through tunnels, as the Session builds them.
        func collectors() throws -> (Collectors, [SourceID: SourceReach]) {
            let collectors = Collectors(store: Store(notConnectedReasons: [:]))
            let redisReach = reach("redis"), zookeeperReach = reach("zookeeper"), kafkaReach = reach("kafka")
            let endpoint = try RedisEndpoint(url: Configuration.Defaults.redisURL, password: password)
            let redis = RedisCollector(configuration: .init(endpoint: endpoint, connection: .init(dialer: redisReach), pollTimeout: .seconds(8)))
            collectors.add(.redis, interval: 3600, poll: { redis.poll(completion: $0) },
                           record: { store, sample, time in
                               store.record(sample, at: time)
                               store.recordRoute(.redis, redisReach.route(for: Endpoint(host: "redis", port: 6379)))
                           }, close: { redis.close() })
            let zookeeper = ZooKeeperCollector(configuration: .init(endpoint: Configuration.Defaults.zookeeper, dialer: zookeeperReach))
            collectors.add(.zookeeper, interval: 3600, poll: { zookeeper.poll(completion: $0) },
                           record: { store, sample, time in
                               store.record(sample, at: time)
                               store.recordRoute(.zookeeper, zookeeperReach.route(for: Configuration.Defaults.zookeeper))
                           }, close: { zookeeper.close() })
            let kafka = KafkaCollector(configuration: .init(
                bootstrap: Configuration.Defaults.kafkaBootstrap,
                addressMap: KafkaAddressMap(namespace: "e-commerce-saga", firstBrokerID: 1),
                knownGroups: ["payment-service", "saga-coordinator"],
                client: .init(connection: .init(dialer: kafkaReach))))
            collectors.add(.kafka, interval: 3600, poll: { kafka.poll(completion: $0) },
                           record: { store, sample, time in
                               store.record(sample, at: time)
                               store.recordRoute(.kafka, kafkaReach.route(for: sample.metadataFrom))
                           }, close: { kafka.close() })
            return (collectors, [.redis: redisReach, .zookeeper: zookeeperReach, .kafka: kafkaReach])
        }
    }

    func screen(_ collectors: Collectors, view: ViewID, at time: Date = Date()) -> [String] {
        let snapshot = collectors.store.snapshot(at: time, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        var state = AppState()
        state.view = view
        let frame = Frame(snapshot: snapshot, findings: Diagnosis().findings(for: snapshot), state: state, theme: .default)
        return Screen.render(frame, width: 140, height: 40).canvas.lines
    }

    @Test func everySourceIsLiveThroughTunnelsAndKafka1IsUnreachableForItsReason() async throws {
        let reach = try await Reach()
        let (collectors, _) = try reach.collectors()
        await collectors.collectOnce(timeout: 30)
        collectors.stop()
        await reach.stop()
        let store = collectors.store
        for source in [SourceID.redis, .zookeeper, .kafka] {
            #expect(store.statuses[source]?.state == .live, "\(source): \(store.statuses[source]?.reason ?? "")")
        }
        #expect(store.statuses[.redis]?.route == .pod("redis-0"))
        #expect(store.statuses[.zookeeper]?.route == .pod("zookeeper-0"))
        #expect(store.statuses[.kafka]?.route == .pod("kafka-0"))
        #expect(store.redis?.sample.info.fields["maxmemory"] == "268435456")
        #expect(store.zookeeper?.mode == .standalone)

        let kafka = try #require(store.kafka?.sample)
        #expect(kafka.topics.map(\.name) == ["inventory", "notifications", "orders", "payments", "shipping"])
        // Each broker is reached at its own pod, whatever it advertises.
        #expect(kafka.brokers.map(\.address.description) == ["kafka-0:\(kafka.brokers[0].advertised.port)",
                                                              "kafka-1:\(kafka.brokers[1].advertised.port)",
                                                              "kafka-2:\(kafka.brokers[2].advertised.port)"])
        let lines = screen(collectors, view: .kafka).joined(separator: "\n")
        #expect(lines.contains("┌ Brokers "), "\(lines)")
        #expect(lines.contains("live · via pod kafka-0"), "\(lines)")
        #expect(kafka.brokers[0].unreachableReason == nil)
        #expect(kafka.brokers[1].unreachableReason?.hasPrefix("pod kafka-1 is Pending (0/3 nodes are available: 3 Insufficient memory.") == true,
                "\(kafka.brokers[1].unreachableReason ?? "no error")")
        #expect(kafka.brokers[2].unreachableReason == "no pod or Service named kafka-2 in namespace e-commerce-saga")
    }

    @Test func aTunnelDroppedMidPollShowsStaleWithAgeThenRecovers() async throws {
        let reach = try await Reach()
        let (collectors, _) = try reach.collectors()
        defer { collectors.stop() }
        await collectors.collectOnce(timeout: 30)
        for source in [SourceID.redis, .zookeeper, .kafka] {
            try #require(collectors.store.statuses[source]?.state == .live, "\(source): \(collectors.store.statuses[source]?.reason ?? "")")
        }
        // The stand-in stops relaying, so every poll started now waits mid-request; then every
        // tunnel is cut under it.
        try reach.lab.control("portforward/stall")
        collectors.refreshNow()
        try await Task.sleep(for: .milliseconds(500))
        try reach.lab.control("portforward/drop")
        let failed = await waitUntil(timeout: 30) {
            [SourceID.redis, .zookeeper, .kafka].allSatisfy { collectors.store.statuses[$0]?.state == .failing }
        }
        let later = Date().addingTimeInterval(7)
        let stale = screen(collectors, view: .overview, at: later).joined(separator: "\n")
        #expect(failed, "\(collectors.store.statuses)")
        // Old numbers stay on screen, marked with their age.
        #expect(stale.contains(/redis ─+ stale \d+s/), "\(stale)")
        #expect(stale.contains(/zookeeper ─+ stale \d+s/), "\(stale)")
        #expect(stale.contains(/kafka ─+ stale \d+s/), "\(stale)")

        try reach.lab.control("portforward/resume")
        let recovered = await waitUntil(timeout: 60) {
            await collectors.collectOnce(timeout: 10)
            return [SourceID.redis, .zookeeper, .kafka].allSatisfy { collectors.store.statuses[$0]?.state == .live }
        }
        #expect(recovered, "\(collectors.store.statuses)")
        await reach.stop()
    }

    @Test func aForbiddenPortForwardNamesTheRoleRuleToAdd() async throws {
        let reach = try await Reach(mode: "noforward")
        let (collectors, _) = try reach.collectors()
        await collectors.collectOnce(timeout: 10)
        collectors.stop()
        await reach.stop()
        let reason = collectors.store.statuses[.redis]?.reason ?? ""
        #expect(collectors.store.statuses[.redis]?.state == .failing)
        #expect(reason.hasPrefix("RBAC forbids opening a tunnel to pod redis-0 (pods \"redis-0\" is forbidden: User \"lab-noforward\" cannot create resource \"pods/portforward\""), "\(reason)")
        #expect(reason.hasSuffix("; add to the Role: - apiGroups: [\"\"], resources: [pods/portforward], verbs: [create]"), "\(reason)")
        let zookeeper = collectors.store.statuses[.zookeeper]?.reason ?? ""
        #expect(zookeeper.hasPrefix("RBAC forbids opening a tunnel to pod zookeeper-0"), "\(zookeeper)")
    }

    @Test func aPendingPodAndAnAbsentPodAreRefusedByTheAPIServerToo() async throws {
        // Past infratop's own check: the stand-in answers as kube-apiserver does.
        let reach = try await Reach()
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        /// The error a tunnel ends with: its refusal to open, or what the protocol above it is told.
        func refusal(_ pod: String, _ port: Int) async -> PortForwardError? {
            let recorder = ErrorRecorder()
            do {
                let channel = try await reach.tunnels.dialer.connect(pod: pod, port: port, on: loop, connectTimeout: .seconds(3)) { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(recorder) }
                }.get()
                // The kubelet names the port first, then says nothing listens there, and closes.
                try? await channel.closeFuture.get()
                return recorder.errors.withLockedValue { $0.first } as? PortForwardError
            } catch {
                return error as? PortForwardError
            }
        }
        let pending = await refusal("kafka-1", 9092)
        let absent = await refusal("kafka-2", 9092)
        // redis-0's 9121 (its exporter's port in the spec) has nothing behind it in the lab.
        let refused = await refusal("redis-0", 9121)
        await reach.stop()
        #expect(pending?.message == "pod kafka-1 is not scheduled on a node, so nothing runs there to reach (pod kafka-1 does not have a host assigned)")
        #expect(absent?.message == "pod kafka-2 does not exist (pods \"kafka-2\" not found)")
        #expect(refused?.kind == .refusedByContainer, "\(String(describing: refused))")
        #expect(refused?.message.hasPrefix("pod redis-0 refuses port 9121: nothing listens there (error forwarding port 9121 to pod ") == true,
                "\(String(describing: refused))")
    }
}

/// Keeps the errors a channel's protocol handlers would be told of.
final class ErrorRecorder: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let errors = NIOLockedValueBox<[any Error]>([])
    func errorCaught(context: ChannelHandlerContext, error: any Error) { errors.withLockedValue { $0.append(error) } }
}

/// Polls `condition` on the main actor every 100 ms until it holds or `timeout` passes.
@MainActor
func waitUntil(timeout: TimeInterval, _ condition: () async -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(100))
    }
    return await condition()
}
