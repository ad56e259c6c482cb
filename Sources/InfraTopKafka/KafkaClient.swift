import NIOCore
import NIOPosix
import InfraTopBasics

/// Keeps one connection per broker address, reused across polls, and sends
/// requests to the broker they belong to.
///
/// A broker that cannot be reached is retried with a growing pause (doubling
/// from ``Configuration/minimumBackoff`` up to ``Configuration/maximumBackoff``),
/// so a dead broker costs one failed connect per pause rather than one per
/// request. State lives on one event loop, which serializes every access to it;
/// that is what makes the `@unchecked Sendable` true.
package final class KafkaClient: @unchecked Sendable {
    package struct Configuration: Sendable {
        package var connection: KafkaConnection.Configuration
        package var minimumBackoff: TimeAmount
        package var maximumBackoff: TimeAmount

        package init(
            connection: KafkaConnection.Configuration = .init(),
            minimumBackoff: TimeAmount = .seconds(1), maximumBackoff: TimeAmount = .seconds(30)
        ) {
            self.connection = connection
            self.minimumBackoff = minimumBackoff
            self.maximumBackoff = maximumBackoff
        }
    }

    private struct Slot {
        var connection: KafkaConnection?
        var pending: EventLoopFuture<KafkaConnection>?
        var failures = 0
        var retryAt: NIODeadline?
        var lastError: KafkaClientError?
    }

    package let configuration: Configuration
    package let eventLoop: EventLoop
    // Confined to `eventLoop`.
    private var slots: [Endpoint: Slot] = [:]

    package init(configuration: Configuration = .init(), eventLoop: EventLoop) {
        self.configuration = configuration
        self.eventLoop = eventLoop
    }

    deinit {
        for slot in slots.values { slot.connection?.close() }
    }

    /// The open connection to `endpoint`, or a new one.
    package func connection(to endpoint: Endpoint) -> EventLoopFuture<KafkaConnection> {
        eventLoop.flatSubmit { self.currentConnection(to: endpoint) }
    }

    /// Sends `request` to the broker at `endpoint`, connecting first if need be.
    package func send<Request: KafkaRequest>(_ request: Request, to endpoint: Endpoint) -> EventLoopFuture<Request.Response> {
        connection(to: endpoint).flatMap { $0.send(request) }
    }

    /// Metadata for all topics from the first of `endpoints` that answers, and
    /// the errors of those tried before it. Fails, with every error, when none does.
    package func metadata(from endpoints: [Endpoint]) -> EventLoopFuture<KafkaMetadataAnswer> {
        eventLoop.flatSubmit { self.metadata(from: endpoints[...], errors: []) }
    }

    /// Closes every connection; later requests open new ones.
    package func close() {
        eventLoop.execute {
            for slot in self.slots.values { slot.connection?.close() }
            self.slots.removeAll()
        }
    }

    private func metadata(from endpoints: ArraySlice<Endpoint>, errors: [KafkaClientError]) -> EventLoopFuture<KafkaMetadataAnswer> {
        guard let endpoint = endpoints.first else {
            return eventLoop.makeFailedFuture(KafkaNoBrokerAnswered(errors: errors))
        }
        // Infratop only reads: it must never make a broker create a topic.
        return send(MetadataRequest(topics: nil, allowAutoTopicCreation: false), to: endpoint)
            .map { KafkaMetadataAnswer(metadata: $0, from: endpoint, errors: errors) }
            .flatMapError { error in
                let failure = KafkaClientError.from(
                    error, endpoint: endpoint, api: "Metadata", connectTimeout: self.configuration.connection.connectTimeout)
                return self.metadata(from: endpoints.dropFirst(), errors: errors + [failure])
            }
    }

    private func currentConnection(to endpoint: Endpoint) -> EventLoopFuture<KafkaConnection> {
        eventLoop.preconditionInEventLoop()
        var slot = slots[endpoint] ?? Slot()
        if let connection = slot.connection, connection.isActive { return eventLoop.makeSucceededFuture(connection) }
        slot.connection = nil
        // Requests that arrive together share one connection attempt.
        if let pending = slot.pending { return pending }
        if let retryAt = slot.retryAt, let lastError = slot.lastError, retryAt > .now() {
            let seconds = KafkaClientError.seconds(retryAt - .now())
            slots[endpoint] = slot
            return eventLoop.makeFailedFuture(KafkaClientError.backingOff(lastError, retryInSeconds: seconds))
        }
        let attempt = KafkaConnection.connect(to: endpoint, configuration: configuration.connection, on: eventLoop)
        slot.pending = attempt
        slots[endpoint] = slot
        attempt.whenComplete { result in
            var slot = self.slots[endpoint] ?? Slot()
            slot.pending = nil
            switch result {
            case .success(let connection):
                slot = Slot(connection: connection)
            case .failure(let error):
                slot.failures += 1
                slot.lastError = KafkaClientError.from(
                    error, endpoint: endpoint, api: "ApiVersions", connectTimeout: self.configuration.connection.connectTimeout)
                slot.retryAt = .now() + self.backoff(afterFailures: slot.failures)
            }
            self.slots[endpoint] = slot
        }
        return attempt
    }

    func backoff(afterFailures failures: Int) -> TimeAmount {
        let minimum = configuration.minimumBackoff.nanoseconds
        let doubled = minimum << Int64(min(max(failures - 1, 0), 20))
        return .nanoseconds(min(doubled, configuration.maximumBackoff.nanoseconds))
    }
}

/// Metadata, the broker it came from, and the brokers that failed before it.
package struct KafkaMetadataAnswer: Sendable {
    package var metadata: MetadataResponse
    package var from: Endpoint
    package var errors: [KafkaClientError]
}

/// No address in the bootstrap list answered Metadata.
struct KafkaNoBrokerAnswered: Error, Sendable, CustomStringConvertible {
    var errors: [KafkaClientError]
    var description: String {
        guard !errors.isEmpty else { return "no Kafka bootstrap address is configured" }
        return "no Kafka bootstrap broker answered: " + errors.map(\.description).joined(separator: "; ")
    }
}
