import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopZooKeeper

/// How a poll's three answers (srvr, mntr, the jute read) become a sample or a failure.
@Suite struct ZooKeeperCollectorTests {
    static let endpoint = Endpoint(host: "zookeeper", port: 2181)
    static let stats = ZooKeeperServerStats(
        version: "3.8.0", minimumLatency: 0, averageLatency: 0, maximumLatency: 0,
        packetsReceived: 1, packetsSent: 1, connections: 1, outstandingRequests: 0,
        zxid: 0, mode: .standalone, nodeCount: 5
    )
    static let registrations = KafkaRegistrationReader.Reading(
        registrations: KafkaRegistrations(brokers: [], controller: nil, topics: []),
        notes: ["no controller elected: /controller does not exist"]
    )

    static let handshake = JuteConnectResponse(
        protocolVersion: 0, timeoutMilliseconds: 30_000, sessionID: 0x0100_0011_5248_0001, password: [], isReadOnly: false
    )

    @Test func aRefusedMntrIsANoteNotAFailure() throws {
        let outcome = ZooKeeperCollector.assemble(
            endpoint: Self.endpoint, startedAt: Date(),
            stats: .success(Self.stats),
            monitor: .failure(.notWhitelisted(Self.endpoint, .mntr)),
            kafka: .success((Self.registrations, Self.handshake))
        )
        let sample = try outcome.get()
        #expect(sample.server == Self.stats)
        #expect(sample.monitor == nil)
        #expect(sample.kafka == Self.registrations.registrations)
        #expect(sample.isReadOnly == false)
        #expect(sample.sessionID == 0x0100_0011_5248_0001)
        #expect(sample.notes == [
            "zookeeper:2181 does not allow `mntr`: add it to 4lw.commands.whitelist",
            "no controller elected: /controller does not exist",
        ])
    }

    @Test func anUnreachableServerFailsThePollWithOneSentence() {
        let outcome = ZooKeeperCollector.assemble(
            endpoint: Self.endpoint, startedAt: Date(),
            stats: .failure(.connectionRefused(Self.endpoint)),
            monitor: .failure(.connectionRefused(Self.endpoint)),
            kafka: .failure(.connectionRefused(Self.endpoint))
        )
        #expect(outcome == .failure(CollectorError("zookeeper:2181 refused the connection: is ZooKeeper running and listening on port 2181?")))
    }

    @Test func aBrokenJuteReadKeepsTheStatsAndSaysWhy() throws {
        let outcome = ZooKeeperCollector.assemble(
            endpoint: Self.endpoint, startedAt: Date(),
            stats: .success(Self.stats),
            monitor: .failure(.notWhitelisted(Self.endpoint, .mntr)),
            kafka: .failure(.serverError(Self.endpoint, .noAuth, path: "/brokers/ids"))
        )
        let sample = try outcome.get()
        #expect(sample.kafka == nil)
        #expect(sample.isReadOnly == nil)
        #expect(sample.sessionID == nil)
        #expect(sample.notes == [
            "zookeeper:2181 does not allow `mntr`: add it to 4lw.commands.whitelist",
            "zookeeper:2181 answered NOAUTH for /brokers/ids: its ACL does not let an unauthenticated client read it",
        ])
    }

    @Test func whenNothingAnswersThePollFailsWithTheFirstReason() {
        let outcome = ZooKeeperCollector.assemble(
            endpoint: Self.endpoint, startedAt: Date(),
            stats: .failure(.answerTimeout(Self.endpoint, request: "`srvr`", seconds: 3)),
            monitor: .failure(.answerTimeout(Self.endpoint, request: "`mntr`", seconds: 3)),
            kafka: .failure(.answerTimeout(Self.endpoint, request: "the session handshake", seconds: 3))
        )
        #expect(outcome == .failure(CollectorError("zookeeper:2181 did not answer `srvr` within 3 s: the server may be overloaded or stuck")))
    }

    /// Samples go into `infratop snapshot --format json`; they must survive the trip intact.
    @Test func aSampleRoundTripsThroughJSONWithModesAsZooKeeperWritesThem() throws {
        let sample = ZooKeeperSample(
            endpoint: Self.endpoint, takenAt: Date(timeIntervalSince1970: 1_764_061_200), duration: 0.012,
            server: Self.stats,
            monitor: try ZooKeeperMonitorValues(parsing: "zk_server_state\tread-only\nzk_znode_count\t5\n"),
            kafka: KafkaRegistrations(
                brokers: [KafkaBrokerRegistration(
                    id: 0, endpoints: ["PLAINTEXT://kafka-0:9092"], host: "kafka-0", port: 9092,
                    registeredAt: Date(timeIntervalSince1970: 1_764_061_200), version: 5,
                    sessionID: 7, createdAt: Date(timeIntervalSince1970: 1_764_061_200.5)
                )],
                controller: KafkaControllerRegistration(brokerID: 0, electedAt: nil, sessionID: 7),
                topics: [KafkaTopicAssignment(name: "orders", topicID: nil, partitions: [
                    KafkaPartitionAssignment(partition: 0, replicas: [0, 1, 2], addingReplicas: [2],
                                             state: KafkaPartitionState(leader: nil, leaderEpoch: 1, isr: [0], controllerEpoch: 1)),
                ])]
            ),
            isReadOnly: true, sessionID: 7, notes: ["a note"]
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(sample)
        #expect(try JSONDecoder().decode(ZooKeeperSample.self, from: json) == sample)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains(#""mode":"standalone""#))
        #expect(text.contains(#"{"key":"zk_server_state","value":"read-only"}"#))
    }
}
