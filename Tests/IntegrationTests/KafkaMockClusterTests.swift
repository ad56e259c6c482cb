import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKafka

/// The collector against librdkafka's mock cluster (Debian's 2.0.2: Metadata
/// v0–v2, ApiVersions v0–v2, no DescribeConfigs, ListGroups or DescribeGroups,
/// ISR always equal to the replicas, broker ids 1..N).
@Suite("Kafka collector against librdkafka's mock cluster", .serialized)
struct KafkaMockClusterTests {
    static let topics = ["orders:3:3", "payments:2:3"]

    func collector(_ cluster: KafkaMockCluster, groups: [String] = ["inventory-service"]) -> KafkaCollector {
        KafkaCollector(configuration: .init(
            bootstrap: cluster.bootstrap, knownGroups: groups,
            client: .init(connection: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(3)), minimumBackoff: .zero),
            pollTimeout: .seconds(15)))
    }

    func poll(_ collector: KafkaCollector) async -> Result<KafkaSample, CollectorError> {
        await withCheckedContinuation { continuation in
            collector.poll { continuation.resume(returning: $0) }
        }
    }

    @Test func readsBrokersTopicsLeadersWatermarksAndCommittedOffsets() async throws {
        let cluster = try KafkaMockCluster(topics: Self.topics)
        defer { cluster.stop() }
        try cluster.send("produce orders 0 5")
        try cluster.send("produce orders 1 3")
        try cluster.send("commit inventory-service orders 0 2")
        let collector = collector(cluster)
        defer { collector.close() }
        let sample = try await poll(collector).get()

        #expect(sample.brokers.map(\.id) == [1, 2, 3])
        // The mock reports controller 0, which is none of its brokers.
        #expect(sample.controllerID == 0)
        #expect(!sample.brokers.contains { $0.isController })
        #expect(sample.clusterID?.hasPrefix("mockCluster") == true)
        #expect(sample.brokers.allSatisfy { $0.isReachable })
        #expect(Set(sample.brokers.map(\.advertised)) == Set(cluster.bootstrap))
        #expect(sample.brokers.allSatisfy { $0.address == $0.advertised })
        #expect(sample.topics.map(\.name) == ["orders", "payments"])
        let orders = try #require(sample.topic("orders"))
        #expect(orders.partitions.map(\.index) == [0, 1, 2])
        for partition in orders.partitions + (sample.topic("payments")?.partitions ?? []) {
            #expect(partition.leader.map { (1...3).contains($0) } == true)
            #expect(partition.replicas.count == 3)
            #expect(partition.isr == partition.replicas)
            #expect(partition.offsetsError == nil)
        }
        #expect(orders.partitions.map(\.highWatermark) == [5, 3, 0])
        #expect(orders.partitions.map(\.lowWatermark) == [0, 0, 0])
        #expect(sample.unavailable.contains { $0.hasPrefix("DescribeConfigs is not available from these brokers (") })
        #expect(sample.unavailable.contains { $0.hasPrefix("ListGroups is not available") })
        #expect(sample.problems == [])

        let group = try #require(sample.group("inventory-service"))
        #expect(group.error == nil)
        #expect(group.coordinator.map { (1...3).contains($0) } == true)
        #expect(group.committed == [.init("orders", 0): 2])
        let health = KafkaHealth(sample: sample, expectations: .init(minInsyncReplicas: 2, brokerCount: 3))
        #expect(health.lag.map { [$0.group, $0.topic] } == [["inventory-service", "orders"]])
        #expect(health.lag.first?.messages == 3)
        #expect(health.lag.first?.perPartition == [0: 3])
        #expect(health.partitionCount == 5)
        #expect(health.underReplicated.isEmpty && health.offline.isEmpty && health.underMinISR.isEmpty)
        #expect(health.sharedAdvertisements.isEmpty)
        #expect(health.controllerProblem == "controller 0 is not among the listed brokers (1, 2, 3)")
    }

    @Test func aBrokerSetDownIsUnreachableWhileThePollSucceeds() async throws {
        let cluster = try KafkaMockCluster(topics: Self.topics)
        defer { cluster.stop() }
        let collector = collector(cluster)
        defer { collector.close() }
        let before = try await poll(collector).get()
        let leader = try #require(before.topic("orders")?.partitions.first?.leader)
        try cluster.send("down \(leader)")
        let sample = try await poll(collector).get()
        let down = try #require(sample.broker(leader))
        let reason = try #require(down.unreachableReason)
        #expect(reason.contains(down.address.description))
        #expect(sample.brokers.filter(\.isReachable).map(\.id) == [1, 2, 3].filter { $0 != leader })
        let ledByDown = sample.topics.flatMap(\.partitions).filter { $0.leader == leader }
        #expect(!ledByDown.isEmpty)
        let unread = ledByDown.allSatisfy {
            $0.highWatermark == nil && $0.offsetsError?.hasPrefix("leader \(leader) of ") == true
                && $0.offsetsError?.hasSuffix(" is unreachable, so its offsets cannot be read") == true
        }
        #expect(unread, "\(ledByDown)")

        try cluster.send("up \(leader)")
        let recovered = try await poll(collector).get()
        #expect(recovered.broker(leader)?.isReachable == true)
    }

    @Test func thePollFailsOnlyWhenNoBootstrapBrokerAnswers() async throws {
        let cluster = try KafkaMockCluster(topics: Self.topics)
        defer { cluster.stop() }
        let collector = collector(cluster)
        defer { collector.close() }
        try cluster.send("down -1")
        let result = await poll(collector)
        guard case .failure(let error) = result else {
            Issue.record("expected the poll to fail with every broker down, got \(result)")
            return
        }
        #expect(error.message.hasPrefix("no Kafka bootstrap broker answered: "))
        for address in cluster.bootstrap { #expect(error.message.contains(address.description)) }
    }

    @Test func aLeaderlessPartitionIsOffline() async throws {
        let cluster = try KafkaMockCluster(topics: Self.topics)
        defer { cluster.stop() }
        try cluster.send("leader orders 1 -1")
        let collector = collector(cluster)
        defer { collector.close() }
        let sample = try await poll(collector).get()
        let partition = try #require(sample.topic("orders")?.partitions.first { $0.index == 1 })
        #expect(partition.leader == nil)
        #expect(partition.offsetsError == "orders-1 has no leader, so its offsets cannot be read")
        let health = KafkaHealth(sample: sample)
        #expect(health.offline == [.init("orders", 1)])
        #expect(health.underMinISR == [.init("orders", 1)])
    }

    @Test func lagInSecondsMatchesTheProduceTimeOfTheCommittedRecordsBatch() async throws {
        let cluster = try KafkaMockCluster(topics: Self.topics)
        defer { cluster.stop() }
        // Three batches with create times 300 s, 120 s and 0 s ago, whole milliseconds.
        let now = Int64(Date().timeIntervalSince1970) * 1000
        let written: [Int64] = [now - 300_000, now - 120_000, now]
        try cluster.send("producets orders 0 \(written[0]) 3")  // offsets 0–2
        try cluster.send("producets orders 0 \(written[1]) 2")  // 3–4
        try cluster.send("producets orders 0 \(written[2]) 1")  // 5
        try cluster.send("commit inventory-service orders 0 3")
        let collector = KafkaCollector(configuration: .init(
            bootstrap: cluster.bootstrap, knownGroups: ["inventory-service"],
            client: .init(connection: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(3)), minimumBackoff: .zero),
            pollTimeout: .seconds(15), commitTimes: .init(readEvery: 1)))
        defer { collector.close() }
        let sample = try await poll(collector).get()

        let read = try #require(sample.group("inventory-service")?.commitTimes[.init("orders", 0)])
        #expect(read.committedOffset == 3)
        guard case .known(let record) = read.time else {
            Issue.record("the record at 3 has no time: \(read.time)")
            return
        }
        // The batch holding 3 is the second produce's: its first timestamp is exactly what was sent.
        #expect(record.firstTimestamp == written[1])
        #expect(record.timestampType == .createTime)
        #expect(record.batchBaseOffset == 3)
        #expect((3...4).contains(record.batchLastOffset))
        let lag = try #require(KafkaHealth(sample: sample).lag.first { $0.group == "inventory-service" })
        #expect(lag.messages == 3)
        #expect(lag.seconds == sample.takenAt.timeIntervalSince1970 - Double(written[1]) / 1000)
        #expect(lag.seconds.map { (120..<130).contains($0) } == true, "\(String(describing: lag.seconds))")

        // The 2.0.2 mock speaks Fetch up to v11: the non-flexible encoding, end to end.
        let client = KafkaClient(eventLoop: MultiThreadedEventLoopGroup.singleton.next())
        defer { client.close() }
        #expect(try await client.connection(to: cluster.bootstrap[0]).get().versions[.fetch] == 11)
    }

    @Test func injectedErrorsBecomeSentencesForThatRequest() async throws {
        let cluster = try KafkaMockCluster(topics: Self.topics)
        defer { cluster.stop() }
        let collector = collector(cluster)
        defer { collector.close() }
        _ = try await poll(collector).get()
        // ListOffsets (key 2): REQUEST_TIMED_OUT (7) on the next six requests, two per leader.
        try cluster.send("errors 2 7 7 7 7 7 7")
        let sample = try await poll(collector).get()
        let errors = sample.topics.flatMap(\.partitions).compactMap(\.offsetsError)
        #expect(!errors.isEmpty)
        let explained = errors.allSatisfy { $0.contains("answered ListOffsets for") && $0.hasSuffix("with REQUEST_TIMED_OUT") }
        #expect(explained, "\(errors)")
        #expect(sample.brokers.allSatisfy { $0.isReachable })
        try cluster.send("clear 2")

        // ListOffsets again, now with librdkafka's transport error (-195): the mock drops the connection.
        try cluster.send("errors 2 -195 -195 -195 -195 -195 -195")
        let dropped = try await poll(collector).get()
        let closed = dropped.topics.flatMap(\.partitions).compactMap(\.offsetsError)
        #expect(!closed.isEmpty)
        let named = closed.allSatisfy { $0.hasSuffix("closed the connection before answering ListOffsets: the broker may be shutting down, or this is not its PLAINTEXT listener") }
        #expect(named, "\(closed)")
        // Errors left over (fewer requests ran than were queued) must not leak into the next poll.
        try cluster.send("clear 2")
        let reconnected = try await poll(collector).get()
        #expect(reconnected.topics.flatMap(\.partitions).allSatisfy { $0.offsetsError == nil && $0.highWatermark != nil })

        // OffsetFetch (key 9): NOT_COORDINATOR (16) for the whole group.
        try cluster.send("errors 9 16")
        let second = try await poll(collector).get()
        let group = try #require(second.group("inventory-service"))
        #expect(group.error?.hasSuffix("answered OffsetFetch for group inventory-service with NOT_COORDINATOR") == true, "\(group)")

        // FindCoordinator (key 10): the 2.0.2 mock sends a null host with the error, which the
        // protocol does not allow; the group still gets a sentence naming the request and address.
        try cluster.send("errors 10 15")
        let third = try await poll(collector).get()
        let unreadable = try #require(third.group("inventory-service")?.error)
        #expect(unreadable.contains("answered FindCoordinator"))
        #expect(cluster.bootstrap.contains { unreadable.hasPrefix($0.description) })
    }
}
