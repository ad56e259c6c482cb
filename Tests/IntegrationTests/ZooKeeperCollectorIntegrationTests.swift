import Foundation
import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopZooKeeper

/// Against a real ZooKeeper (Debian 12's 3.8.0) started by each test on a free loopback port.
@Suite(.serialized, .enabled(if: ZooKeeperTestServer.isInstalled, "needs Debian's zookeeper package"))
struct ZooKeeperCollectorIntegrationTests {
    static let kafka0Registration = #"{"features":{},"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://kafka-0.kafka-headless.e-commerce-saga.svc.cluster.local:9092"],"jmx_port":-1,"port":9092,"host":"kafka-0.kafka-headless.e-commerce-saga.svc.cluster.local","version":5,"timestamp":"1764061200000"}"#

    private func collector(for server: ZooKeeperTestServer) -> ZooKeeperCollector {
        ZooKeeperCollector(configuration: .init(
            endpoint: Endpoint(host: "127.0.0.1", port: server.port),
            connectTimeout: .seconds(2), requestTimeout: .seconds(3), pollTimeout: .seconds(8)
        ))
    }

    private func poll(_ collector: ZooKeeperCollector) async -> Result<ZooKeeperSample, CollectorError> {
        await withCheckedContinuation { continuation in
            collector.poll { continuation.resume(returning: $0) }
        }
    }

    private func endpoint(_ server: ZooKeeperTestServer) -> Endpoint { Endpoint(host: "127.0.0.1", port: server.port) }

    /// Waits until `path` exists: the CLI that creates it runs in its own JVM.
    private func waitFor(_ path: String, on server: ZooKeeperTestServer) async throws {
        let session = try await ZooKeeperSession.open(to: endpoint(server)).get()
        defer { _ = session.close() }
        for _ in 0..<200 {
            if try await session.data(at: path).get() != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("\(path) never appeared")
    }

    @Test func withEveryWordAllowedTheSampleHasSrvrAndMntr() async throws {
        let server = try ZooKeeperTestServer(whitelist: "*")
        try server.start()
        defer { server.stop() }

        let sample = try await poll(collector(for: server)).get()
        #expect(sample.endpoint == endpoint(server))
        #expect(sample.server?.mode == .standalone)
        #expect(sample.server?.version.hasPrefix("3.8") == true)
        #expect(sample.monitor?.serverState == .standalone)
        // An empty server holds / and /zookeeper with its config and quota children.
        #expect(sample.monitor?.znodeCount == 5)
        #expect(sample.isReadOnly == false)
        #expect(sample.kafka == KafkaRegistrations(brokers: [], controller: nil, topics: []))
        #expect(sample.notes == [
            "no brokers registered: /brokers/ids does not exist (if Kafka's zookeeper.connect ends in a path, set it as the chroot)",
            "no controller elected: /controller does not exist",
            "no topics: /brokers/topics does not exist (if Kafka's zookeeper.connect ends in a path, set it as the chroot)",
        ])
        #expect(try await FourLetterWordClient(endpoint: endpoint(server)).isOK().get())
    }

    @Test func withTheDefaultWhitelistMntrIsAPlainNote() async throws {
        let server = try ZooKeeperTestServer(whitelist: nil)
        try server.start()
        defer { server.stop() }

        let sample = try await poll(collector(for: server)).get()
        #expect(sample.server?.mode == .standalone)
        #expect(sample.server?.nodeCount == 5)
        #expect(sample.monitor == nil)
        #expect(sample.notes.first == "127.0.0.1:\(server.port) does not allow `mntr`: add it to 4lw.commands.whitelist")
        await #expect(throws: ZooKeeperError.notWhitelisted(endpoint(server), .ruok)) {
            try await FourLetterWordClient(endpoint: endpoint(server)).isOK().get()
        }
    }

    @Test func reportsKafkaRegistrationsOnlyKafka0Registered() async throws {
        let server = try ZooKeeperTestServer(whitelist: "*")
        try server.start()
        defer { server.stop() }
        try server.runCLI([
            "create /brokers \"\"",
            "create /brokers/ids \"\"",
            "create /brokers/topics \"\"",
            #"create /controller '{"version":2,"brokerid":0,"timestamp":"1764061201000","kraftControllerEpoch":-1}'"#,
            #"create /brokers/topics/orders '{"partitions":{"0":[0,1,2],"1":[1,2,0],"2":[2,0,1]},"topic_id":"q2Xk3n9TQ4ucVn7q6Vq1Yw","adding_replicas":{},"removing_replicas":{},"version":3}'"#,
            "create /brokers/topics/orders/partitions \"\"",
            "create /brokers/topics/orders/partitions/0 \"\"",
            "create /brokers/topics/orders/partitions/1 \"\"",
            // Partition 2 has no state yet, as while the controller sets a topic up.
            #"create /brokers/topics/orders/partitions/0/state '{"controller_epoch":1,"leader":0,"version":1,"leader_epoch":2,"isr":[0]}'"#,
            #"create /brokers/topics/orders/partitions/1/state '{"controller_epoch":1,"leader":0,"version":1,"leader_epoch":3,"isr":[0]}'"#,
        ])
        // kafka-0's registration is ephemeral and lives as long as the session that made it.
        try server.holdSession(["create -e /brokers/ids/0 '\(Self.kafka0Registration)'"])
        try await waitFor("/brokers/ids/0", on: server)

        let sample = try await poll(collector(for: server)).get()
        let kafka = try #require(sample.kafka)
        #expect(kafka.registeredBrokerIDs == [0])
        #expect(!kafka.isRegistered(broker: 1))
        #expect(!kafka.isRegistered(broker: 2))
        #expect(kafka.missingBrokerIDs == [1, 2])
        let broker = try #require(kafka.broker(0))
        #expect(broker.endpoints == ["PLAINTEXT://kafka-0.kafka-headless.e-commerce-saga.svc.cluster.local:9092"])
        #expect(broker.host == "kafka-0.kafka-headless.e-commerce-saga.svc.cluster.local")
        #expect(broker.port == 9092)
        #expect(broker.version == 5)
        #expect(broker.registeredAt == Date(timeIntervalSince1970: 1_764_061_200))
        #expect(broker.sessionID != 0)
        #expect(broker.problem == nil)
        #expect(abs(broker.createdAt.timeIntervalSinceNow) < 120)
        #expect(kafka.controller?.brokerID == 0)
        #expect(kafka.controller?.sessionID == 0)
        #expect(kafka.topics == [KafkaTopicAssignment(name: "orders", topicID: "q2Xk3n9TQ4ucVn7q6Vq1Yw", partitions: [
            KafkaPartitionAssignment(partition: 0, replicas: [0, 1, 2], state: KafkaPartitionState(leader: 0, leaderEpoch: 2, isr: [0], controllerEpoch: 1)),
            KafkaPartitionAssignment(partition: 1, replicas: [1, 2, 0], state: KafkaPartitionState(leader: 0, leaderEpoch: 3, isr: [0], controllerEpoch: 1)),
            KafkaPartitionAssignment(partition: 2, replicas: [2, 0, 1]),
        ])])
        #expect(kafka.topics.first?.partitions.map(\.outOfSyncReplicas) == [[1, 2], [1, 2], []])
        #expect(sample.notes == [])
        #expect(sample.monitor?.ephemeralsCount == 1)

        let limited = ZooKeeperCollector(configuration: .init(endpoint: endpoint(server), maximumPartitionStates: 1))
        let limitedSample = try await poll(limited).get()
        #expect(limitedSample.notes == ["read leader and ISR of the first 1 of 3 partitions"])
        #expect(limitedSample.kafka?.topics.first?.partitions.map { $0.state?.leaderEpoch } == [2, nil, nil])
    }

    @Test func anACLThatForbidsReadingIsANoteNamingTheZnode() async throws {
        let server = try ZooKeeperTestServer(whitelist: nil)
        try server.start()
        defer { server.stop() }
        // Anyone may create children of /brokers/ids, but nobody without credentials may list them.
        try server.runCLI(["create /brokers \"\"", "create /brokers/ids \"\" world:anyone:c"])

        let sample = try await poll(collector(for: server)).get()
        #expect(sample.server?.mode == .standalone)
        #expect(sample.kafka == nil)
        #expect(sample.notes == [
            "127.0.0.1:\(server.port) does not allow `mntr`: add it to 4lw.commands.whitelist",
            "127.0.0.1:\(server.port) answered NOAUTH for /brokers/ids: its ACL does not let an unauthenticated client read it",
        ])
    }

    @Test func aStoppedServerIsASentenceAndTheSameCollectorRecovers() async throws {
        let server = try ZooKeeperTestServer(whitelist: "*")
        try server.start()
        defer { server.stop() }
        try server.runCLI([#"create /controller '{"version":2,"brokerid":2,"timestamp":"1764061201000"}'"#])
        let collector = collector(for: server)

        let before = try await poll(collector).get()
        #expect(before.kafka?.controller?.brokerID == 2)
        // The session outlives a poll: opening one per poll would cost the ensemble a transaction each time.
        let again = try await poll(collector).get()
        #expect(again.sessionID != nil)
        #expect(again.sessionID == before.sessionID)

        server.stop()
        let down = await poll(collector)
        #expect(down == .failure(CollectorError("127.0.0.1:\(server.port) refused the connection: is ZooKeeper running and listening on port \(server.port)?")))

        try server.start()
        let after = try await poll(collector).get()
        #expect(after.server?.mode == .standalone)
        #expect(after.kafka?.controller?.brokerID == 2)
        #expect(after.sessionID != nil)
        #expect(after.sessionID != before.sessionID)
    }

    @Test func aSessionStaysOpenPastItsTimeoutByPinging() async throws {
        let server = try ZooKeeperTestServer(whitelist: nil)
        try server.start()
        defer { server.stop() }

        // The server's minimum is two ticks (4 s); idle for longer, only pings keep the session.
        let session = try await ZooKeeperSession.open(
            to: endpoint(server), options: .init(sessionTimeout: .seconds(4))
        ).get()
        #expect(session.handshake.timeoutMilliseconds == 4000)
        try await Task.sleep(for: .seconds(6))
        #expect(session.isOpen)
        #expect(try await session.children(of: "/zookeeper").get()?.sorted() == ["config", "quota"])
        #expect(try await session.data(at: "/no/such/znode").get() == nil)
        #expect(try await session.children(of: "/no/such/znode").get() == nil)
        try await session.close().get()
        #expect(!session.isOpen)
    }

    @Test func anUnusedPortIsRefusedWithTheAddress() async throws {
        let server = try ZooKeeperTestServer(whitelist: nil)
        // Never started: nothing listens on its port.
        let outcome = await poll(collector(for: server))
        #expect(outcome == .failure(CollectorError("127.0.0.1:\(server.port) refused the connection: is ZooKeeper running and listening on port \(server.port)?")))
    }
}
