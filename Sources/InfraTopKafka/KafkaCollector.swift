import Foundation
import NIOCore
import NIOPosix
import InfraTopBasics

/// Polls a Kafka cluster: its layout, offsets, settings and consumer groups,
/// over per-broker connections kept between polls.
///
/// A poll fails as a whole only when no bootstrap broker answers Metadata; a
/// broker that cannot be reached, or a request that fails, is a fact in the
/// sample. State lives on one event loop, which serializes every access to it;
/// that is what makes the `@unchecked Sendable` true.
package final class KafkaCollector: @unchecked Sendable {
    package struct Configuration: Sendable {
        /// Where to ask for Metadata first, such as `kafka-client:9092`.
        package var bootstrap: [Endpoint]
        package var addressMap: KafkaAddressMap
        /// Consumer groups to read even where the brokers cannot list groups.
        package var knownGroups: [String]
        package var client: KafkaClient.Configuration
        /// The whole poll completes within this, whatever the brokers do.
        package var pollTimeout: TimeAmount
        /// How often and how much to read of the records at committed offsets (lag in time).
        package var commitTimes: KafkaCommitTimeReader.Configuration

        package init(
            bootstrap: [Endpoint], addressMap: KafkaAddressMap = .advertised, knownGroups: [String] = [],
            client: KafkaClient.Configuration = .init(), pollTimeout: TimeAmount = .seconds(10),
            commitTimes: KafkaCommitTimeReader.Configuration = .init()
        ) {
            self.bootstrap = bootstrap
            self.addressMap = addressMap
            self.knownGroups = knownGroups
            self.client = client
            self.pollTimeout = pollTimeout
            self.commitTimes = commitTimes
        }
    }

    package typealias Completion = @Sendable (Result<KafkaSample, CollectorError>) -> Void

    package let configuration: Configuration
    private let loop: EventLoop
    private let client: KafkaClient
    /// Keeps what was read of commit times between polls.
    private let commitTimes: KafkaCommitTimeReader
    // Confined to `loop`.
    private var waiting: [Completion] = []
    private var generation = 0
    /// Brokers found by the last good poll: more places to ask when the bootstrap addresses fail.
    private var knownAddresses: [Endpoint] = []

    package init(configuration: Configuration, group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.loop = group.next()
        self.client = KafkaClient(configuration: configuration.client, eventLoop: loop)
        self.commitTimes = KafkaCommitTimeReader(configuration: configuration.commitTimes, loop: loop)
    }

    /// Polls the cluster and calls `completion` exactly once, within `pollTimeout`, on an event
    /// loop thread. Returns at once. A poll that arrives while one runs shares its result.
    package func poll(completion: @escaping Completion) {
        loop.execute {
            self.waiting.append(completion)
            guard self.waiting.count == 1 else { return }
            self.startPoll()
        }
    }

    /// Closes every broker connection; the next poll opens new ones.
    package func close() { client.close() }

    private func startPoll() {
        loop.preconditionInEventLoop()
        generation += 1
        let current = generation
        let startedAt = Date()
        let pollTimeout = configuration.pollTimeout
        let deadline = loop.scheduleTask(in: pollTimeout) {
            // Connections may be stuck mid-request; the next poll starts clean.
            self.client.close()
            self.finish(current, .failure(CollectorError(
                "Kafka did not finish answering within \(KafkaClientError.format(KafkaClientError.seconds(pollTimeout))): a broker may be overloaded or stuck")))
        }
        var bootstrap = configuration.bootstrap
        for address in knownAddresses where !bootstrap.contains(address) { bootstrap.append(address) }
        let reader = KafkaSampleReader(
            client: client, addressMap: configuration.addressMap, knownGroups: configuration.knownGroups, commitTimes: commitTimes)
        let dialer = configuration.client.connection.dialer
        reader.read(bootstrap: bootstrap, startedAt: startedAt, throughPods: { dialer.isTunnelling }).hop(to: loop).whenComplete { result in
            deadline.cancel()
            switch result {
            case .success(var sample):
                sample.duration = Date().timeIntervalSince(startedAt)
                self.knownAddresses = sample.brokers.map(\.address)
                self.finish(current, .success(sample))
            case .failure(let error):
                self.finish(current, .failure(CollectorError(String(describing: error))))
            }
        }
    }

    private func finish(_ poll: Int, _ outcome: Result<KafkaSample, CollectorError>) {
        loop.preconditionInEventLoop()
        // Whichever of the deadline and the answer comes second finds the poll already finished.
        guard poll == generation, !waiting.isEmpty else { return }
        let completions = waiting
        waiting.removeAll()
        for completion in completions { completion(outcome) }
    }
}
