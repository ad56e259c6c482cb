import Foundation
import NIOPosix
import Testing
@testable import InfraTopBasics
@testable import InfraTopCore
@testable import InfraTopKafka

/// The collector against the newer mock cluster bundled with the
/// `confluent-kafka` Python wheel (librdkafka 2.x), which speaks flexible
/// Metadata (v9+). Skipped where the wheel is not installed.
@Suite("Kafka collector against confluent-kafka's mock cluster", .serialized, .enabled(if: KafkaConfluentMock.isInstalled))
struct KafkaConfluentMockTests {
    @Test func readsBrokersTopicsAndLeadersOverFlexibleVersions() async throws {
        let cluster = try KafkaConfluentMock.start()
        defer { cluster.stop() }
        let collector = KafkaCollector(configuration: .init(
            bootstrap: cluster.bootstrap,
            client: .init(connection: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(3)), minimumBackoff: .zero)))
        defer { collector.close() }
        let sample = try await withCheckedThrowingContinuation { continuation in
            collector.poll { continuation.resume(with: $0) }
        }
        #expect(sample.brokers.map(\.id) == [1, 2, 3])
        #expect(sample.brokers.allSatisfy { $0.isReachable })
        #expect(Set(sample.brokers.map(\.advertised)) == Set(cluster.bootstrap))
        #expect(sample.problems == [])
        #expect(Set(sample.topics.map(\.name)).isSuperset(of: ["orders", "payments"]))
        let orders = try #require(sample.topic("orders"))
        #expect(!orders.partitions.isEmpty)
        for partition in orders.partitions {
            #expect(partition.leader.map { (1...3).contains($0) } == true)
            #expect(partition.offsetsError == nil)
        }
        #expect(orders.partitions.first { $0.index == 0 }?.highWatermark == 5)
        #expect(sample.topic("payments")?.partitions.first { $0.index == 0 }?.highWatermark == 2)
    }

    @Test func negotiatesApiVersionsV3AndFlexibleMetadata() async throws {
        let cluster = try KafkaConfluentMock.start()
        defer { cluster.stop() }
        let client = KafkaClient(eventLoop: MultiThreadedEventLoopGroup.singleton.next())
        defer { client.close() }
        let connection = try await client.connection(to: cluster.bootstrap[0]).get()
        // The mock refuses ApiVersions v3 with UNSUPPORTED_VERSION and an ApiKeys array whose
        // count byte says "empty" (0x01) before one entry, so no range is readable; infratop then
        // retries at v0, which every broker speaks and which lists the same ranges.
        #expect(connection.apiVersionsVersion == 0)
        let metadata = try #require(connection.versions[.metadata])
        #expect(metadata >= 9, "Metadata v\(metadata)")
        #expect(try await connection.send(MetadataRequest.allTopics).get().brokers.count == 3)
    }

    @Test func aGroupThatCommittedAnOldOffsetIsAsFarBehindAsItsRecordsProduceTime() async throws {
        // Three produces to orders-0, each flushed on its own so each is its own batch, with
        // create times 300 s, 120 s and 0 s ago; the group commits 3, the second's first record.
        let now = Int64(Date().timeIntervalSince1970) * 1000
        let written: [Int64] = [now - 300_000, now - 120_000, now]
        let cluster = try KafkaConfluentMock.start(script: KafkaConfluentMock.laggingGroupScript, arguments: written.map(String.init))
        defer { cluster.stop() }
        let collector = KafkaCollector(configuration: .init(
            bootstrap: cluster.bootstrap, knownGroups: ["lagging"],
            client: .init(connection: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(3)), minimumBackoff: .zero),
            commitTimes: .init(readEvery: 1)))
        defer { collector.close() }
        let sample = try await withCheckedThrowingContinuation { continuation in
            collector.poll { continuation.resume(with: $0) }
        }
        #expect(sample.topic("orders")?.partitions.first { $0.index == 0 }?.highWatermark == 6)
        let group = try #require(sample.group("lagging"))
        #expect(group.committed[.init("orders", 0)] == 3)
        let read = try #require(group.commitTimes[.init("orders", 0)])
        guard case .known(let record) = read.time else {
            Issue.record("the record at 3 has no time: \(read.time)")
            return
        }
        #expect(record == KafkaRecordTime(
            firstTimestamp: written[1], maxTimestamp: written[1], timestampType: .createTime, batchBaseOffset: 3, batchLastOffset: 4))
        let lag = try #require(KafkaHealth(sample: sample).lag.first { $0.group == "lagging" && $0.topic == "orders" })
        #expect(lag.perPartition[0] == 3)
        #expect(lag.seconds == sample.takenAt.timeIntervalSince1970 - Double(written[1]) / 1000)
        #expect(lag.seconds.map { (120..<130).contains($0) } == true, "\(String(describing: lag.seconds))")
    }

    @Test func theLeaderAnswersFlexibleFetch() async throws {
        let cluster = try KafkaConfluentMock.start()
        defer { cluster.stop() }
        let client = KafkaClient(eventLoop: MultiThreadedEventLoopGroup.singleton.next())
        defer { client.close() }
        let metadata = try await client.connection(to: cluster.bootstrap[0]).get().send(MetadataRequest.allTopics).get()
        let leader = try #require(metadata.topics.first { $0.name == "orders" }?.partitions.first { $0.partitionIndex == 0 }?.leaderID)
        let address = try #require(metadata.brokers.first { $0.nodeID == leader })
        let connection = try await client.connection(to: Endpoint(host: address.host, port: Int(address.port))).get()
        #expect(connection.versions[.fetch] == 12)
        let response = try await connection.send(FetchRequest(
            maxWaitMs: 0, minBytes: 1, maxBytes: 4096, isolationLevel: .readUncommitted,
            topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0, fetchOffset: 2, partitionMaxBytes: 4096)])])).get()
        let partition = try #require(response.topics.first?.partitions.first)
        #expect(partition.errorCode == .none)
        #expect(partition.highWatermark == 5)
        // The five messages went out in one produce: one batch, 0–4, read whole with its CRC checked.
        let steps = Array(KafkaRecordBatchScanner(records: try #require(partition.records)))
        guard case .complete(let header)? = steps.first else {
            Issue.record("\(steps)")
            return
        }
        #expect(header.baseOffset == 0)
        #expect(header.lastOffset == 4)
        #expect(header.recordCount == 5)
        #expect(header.magic == 2)
    }
}

/// Starts confluent-kafka's mock cluster with a few lines of Python: a producer with
/// `test.mock.num.brokers` creates it, producing creates the topics, and the
/// bootstrap address is read from the `mock` debug log.
enum KafkaConfluentMock {
    static let script = #"""
        import logging, re, sys
        from confluent_kafka import Producer
        found = []
        class Capture(logging.Handler):
            def emit(self, record):
                match = re.search(r'(127\.0\.0\.1:\d+(?:,127\.0\.0\.1:\d+)*)', record.getMessage())
                if match and not found: found.append(match.group(1))
        log = logging.getLogger('mock'); log.addHandler(Capture()); log.setLevel(logging.DEBUG)
        producer = Producer({'bootstrap.servers': 'unused:9092', 'test.mock.num.brokers': 3, 'debug': 'mock', 'logger': log})
        for topic, count in (('orders', 5), ('payments', 2)):
            for i in range(count): producer.produce(topic, b'm%d' % i, partition=0)
        producer.flush(10)
        producer.poll(0.5)
        print('BOOTSTRAP', found[0] if found else 'none', flush=True)
        print('READY', flush=True)
        sys.stdin.readline()
        """#

    static var isInstalled: Bool {
        (try? KafkaMockCluster.run(["python3", "-c", "import confluent_kafka"], log: "/dev/null")) == 0
    }

    /// Like `script`, then three produces to orders-0 of 3, 2 and 1 messages with the create
    /// times given as arguments (milliseconds), each flushed alone, and a commit of offset 3 by
    /// group `lagging` through a consumer that never joins the group.
    static let laggingGroupScript = #"""
        import logging, re, sys
        from confluent_kafka import Consumer, Producer, TopicPartition
        written = [int(argument) for argument in sys.argv[1:]]
        found = []
        class Capture(logging.Handler):
            def emit(self, record):
                match = re.search(r'(127\.0\.0\.1:\d+(?:,127\.0\.0\.1:\d+)*)', record.getMessage())
                if match and not found: found.append(match.group(1))
        log = logging.getLogger('mock'); log.addHandler(Capture()); log.setLevel(logging.DEBUG)
        producer = Producer({'bootstrap.servers': 'unused:9092', 'test.mock.num.brokers': 3, 'debug': 'mock', 'logger': log})
        for timestamp, count in zip(written, (3, 2, 1)):
            for i in range(count): producer.produce('orders', b'm%d' % i, partition=0, timestamp=timestamp)
            producer.flush(10)
        producer.poll(0.5)
        consumer = Consumer({'bootstrap.servers': found[0], 'group.id': 'lagging', 'enable.auto.commit': False})
        consumer.commit(offsets=[TopicPartition('orders', 0, 3)], asynchronous=False)
        consumer.close()
        print('BOOTSTRAP', found[0] if found else 'none', flush=True)
        print('READY', flush=True)
        sys.stdin.readline()
        """#

    static func start(script: String = script, arguments: [String] = []) throws -> KafkaMockCluster {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-kafka-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try KafkaMockCluster(launching: ["python3", "-c", script] + arguments, directory: directory)
    }
}
