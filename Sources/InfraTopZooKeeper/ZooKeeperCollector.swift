import Foundation
import NIOCore
import NIOPosix
import InfraTopBasics

/// Polls one ZooKeeper server: `srvr` and `mntr`, and Kafka's registrations through a jute session
/// that stays open between polls (and is reopened when it breaks).
///
/// State lives on one event loop, which serializes every access to it; that is what makes the
/// `@unchecked Sendable` true.
package final class ZooKeeperCollector: @unchecked Sendable {
    package struct Configuration: Sendable {
        package var endpoint: Endpoint
        /// Kafka's chroot, from its `zookeeper.connect` (`zookeeper:2181/kafka` → "/kafka"); "" for none.
        package var chroot: String
        package var connectTimeout: TimeAmount
        /// How long one answer may take: a four-letter word, the handshake, one jute request.
        package var requestTimeout: TimeAmount
        /// The whole poll completes within this, whatever the server does.
        package var pollTimeout: TimeAmount
        package var sessionTimeout: TimeAmount
        package var maximumAnswerBytes: Int
        package var maximumFrameLength: Int
        var maximumTopics: Int
        package var maximumPartitionStates: Int
        /// How connections are opened: TCP, or a tunnel through the Kubernetes API.
        package var dialer: any Dialer

        package init(
            endpoint: Endpoint,
            chroot: String = "",
            connectTimeout: TimeAmount = .seconds(3),
            requestTimeout: TimeAmount = .seconds(3),
            pollTimeout: TimeAmount = .seconds(8),
            sessionTimeout: TimeAmount = .seconds(30),
            maximumAnswerBytes: Int = FourLetterWordClient.defaultMaximumAnswerBytes,
            maximumFrameLength: Int = JuteFrameDecoder.defaultMaximumFrameLength,
            maximumTopics: Int = 1000,
            maximumPartitionStates: Int = 2000,
            dialer: any Dialer = DirectDialer()
        ) {
            self.dialer = dialer
            self.endpoint = endpoint
            self.chroot = chroot
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.pollTimeout = pollTimeout
            self.sessionTimeout = sessionTimeout
            self.maximumAnswerBytes = maximumAnswerBytes
            self.maximumFrameLength = maximumFrameLength
            self.maximumTopics = maximumTopics
            self.maximumPartitionStates = maximumPartitionStates
        }
    }

    package typealias Completion = @Sendable (Result<ZooKeeperSample, CollectorError>) -> Void

    package let configuration: Configuration
    private let loop: any EventLoop
    private let words: FourLetterWordClient
    private let reader: KafkaRegistrationReader
    // Confined to `loop`.
    private var session: ZooKeeperSession?
    private var waiting: [Completion] = []
    private var generation = 0

    package init(configuration: Configuration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.loop = group.next()
        self.words = FourLetterWordClient(
            endpoint: configuration.endpoint, group: loop,
            connectTimeout: configuration.connectTimeout, answerTimeout: configuration.requestTimeout,
            maximumAnswerBytes: configuration.maximumAnswerBytes, dialer: configuration.dialer
        )
        self.reader = KafkaRegistrationReader(
            chroot: configuration.chroot, maximumTopics: configuration.maximumTopics,
            maximumPartitionStates: configuration.maximumPartitionStates
        )
    }

    deinit {
        // No poll is running (each holds a reference), so nothing else touches `session` now.
        _ = session?.close()
    }

    /// Polls the server and calls `completion` exactly once, within `pollTimeout`, on an event loop
    /// thread (hop elsewhere for heavy work). Returns at once. A poll that arrives while one runs
    /// shares its result.
    package func poll(completion: @escaping Completion) {
        loop.execute {
            self.waiting.append(completion)
            guard self.waiting.count == 1 else { return }
            self.startPoll()
        }
    }

    /// Ends the jute session; the next poll opens a new one.
    package func close() {
        loop.execute {
            _ = self.session?.close()
            self.session = nil
        }
    }

    private func startPoll() {
        loop.preconditionInEventLoop()
        generation += 1
        let current = generation
        let startedAt = Date()
        let endpoint = configuration.endpoint
        let pollTimeout = configuration.pollTimeout

        let deadline = loop.scheduleTask(in: pollTimeout) {
            // The open session may be stuck mid-request; the next poll starts clean.
            _ = self.session?.close()
            self.session = nil
            self.finish(current, .failure(ZooKeeperError.pollTimeout(endpoint, seconds: ZooKeeperError.seconds(pollTimeout)).collectorError))
        }

        let stats = settle(words.serverStats())
        let monitor = settle(words.monitorValues())
        let kafka = settle(openSession(for: current).flatMap { session in
            self.reader.read(from: session).map { ($0, session.handshake) }
        })

        stats.and(monitor).and(kafka).whenSuccess { statsAndMonitor, kafka in
            deadline.cancel()
            let (stats, monitor) = statsAndMonitor
            // A session that broke has closed its own connection, and the next poll opens a new one;
            // one that got a refusal such as NOAUTH is still good, and creating sessions costs the
            // ensemble a transaction each, so it is kept.
            let outcome = Self.assemble(
                endpoint: endpoint, startedAt: startedAt, stats: stats, monitor: monitor, kafka: kafka
            )
            self.finish(current, outcome)
        }
    }

    /// The open session, or a new one when there is none or it broke.
    private func openSession(for poll: Int) -> EventLoopFuture<ZooKeeperSession> {
        loop.preconditionInEventLoop()
        if let session, session.isOpen { return loop.makeSucceededFuture(session) }
        session = nil
        let options = ZooKeeperSession.Options(
            connectTimeout: configuration.connectTimeout, requestTimeout: configuration.requestTimeout,
            sessionTimeout: configuration.sessionTimeout, maximumFrameLength: configuration.maximumFrameLength,
            dialer: configuration.dialer
        )
        return ZooKeeperSession.open(to: configuration.endpoint, group: loop, options: options).hop(to: loop).map { session in
            if poll == self.generation, self.session == nil {
                self.session = session
            } else {
                // The poll that asked for it ended by its deadline; keeping the session would leak it.
                _ = session.close()
            }
            return session
        }
    }

    private func finish(_ poll: Int, _ outcome: Result<ZooKeeperSample, CollectorError>) {
        loop.preconditionInEventLoop()
        // Whichever of the deadline and the answers comes second finds the poll already finished.
        guard poll == generation, !waiting.isEmpty else { return }
        let completions = waiting
        waiting.removeAll()
        for completion in completions { completion(outcome) }
    }

    private func settle<T: Sendable>(_ future: EventLoopFuture<T>) -> EventLoopFuture<Result<T, ZooKeeperError>> {
        let endpoint = configuration.endpoint
        let connectTimeout = configuration.connectTimeout
        return future.hop(to: loop)
            .map { Result<T, ZooKeeperError>.success($0) }
            .recover { .failure(ZooKeeperError.from($0, endpoint: endpoint, request: "a request", connectTimeout: connectTimeout)) }
    }

    /// Turns the three answers into a sample, or a failure when the server could not be reached at all.
    static func assemble(
        endpoint: Endpoint,
        startedAt: Date,
        stats: Result<ZooKeeperServerStats, ZooKeeperError>,
        monitor: Result<ZooKeeperMonitorValues, ZooKeeperError>,
        kafka: Result<(KafkaRegistrationReader.Reading, JuteConnectResponse), ZooKeeperError>
    ) -> Result<ZooKeeperSample, CollectorError> {
        var notes: [String] = []
        var failures: [ZooKeeperError] = []
        for case .failure(let error) in [stats.map { _ in () }, monitor.map { _ in () }, kafka.map { _ in () }] {
            failures.append(error)
        }
        // Unreachable, or nothing answered: there is no sample, only the reason.
        if let unreachable = failures.first(where: \.isUnreachable) ?? (failures.count == 3 ? failures.first : nil) {
            return .failure(unreachable.collectorError)
        }
        for error in failures where !notes.contains(error.description) {
            notes.append(error.description)
        }
        let registrations = try? kafka.get()
        notes.append(contentsOf: registrations?.0.notes ?? [])
        return .success(ZooKeeperSample(
            endpoint: endpoint,
            takenAt: startedAt,
            duration: Date().timeIntervalSince(startedAt),
            server: try? stats.get(),
            monitor: try? monitor.get(),
            kafka: registrations?.0.registrations,
            isReadOnly: registrations?.1.isReadOnly,
            sessionID: registrations?.1.sessionID,
            notes: notes
        ))
    }
}
