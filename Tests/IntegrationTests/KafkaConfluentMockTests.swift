import Foundation
import NIOPosix
import Testing
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

    static func start() throws -> KafkaMockCluster {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-kafka-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try KafkaMockCluster(launching: ["python3", "-c", script], directory: directory)
    }
}
