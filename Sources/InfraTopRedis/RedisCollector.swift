import Foundation
import NIOCore
import NIOPosix
import InfraTopBasics

/// Polls one Redis server: `INFO` and `SLOWLOG GET`, over a connection it keeps between polls.
///
/// `@unchecked Sendable` because its mutable state (the connection) is touched
/// only on its own event loop, which serializes every access the way a serial
/// queue would.
package final class RedisCollector: @unchecked Sendable {
    package struct Configuration: Sendable {
        package var endpoint: RedisEndpoint
        package var connection: RedisConnection.Configuration
        /// How many slow-log entries to fetch per poll.
        var slowlogCount: Int
        /// The longest a poll may take, reconnecting included; past it the poll
        /// fails and the connection is dropped. Defaults to connect + request timeout.
        package var pollTimeout: TimeAmount

        package init(
            endpoint: RedisEndpoint,
            connection: RedisConnection.Configuration = RedisConnection.Configuration(),
            slowlogCount: Int = 10,
            pollTimeout: TimeAmount? = nil
        ) {
            self.endpoint = endpoint
            self.connection = connection
            self.slowlogCount = slowlogCount
            self.pollTimeout = pollTimeout ?? connection.connectTimeout + connection.requestTimeout
        }
    }

    package let configuration: Configuration
    private let eventLoop: EventLoop

    // Touched only on `eventLoop`.
    private var connection: RedisConnection?
    private var pendingConnection: EventLoopFuture<RedisConnection>?

    package init(configuration: Configuration, eventLoopGroup: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.eventLoop = eventLoopGroup.next()
    }

    deinit {
        connection?.close()
    }

    /// Runs one poll without blocking the caller.
    ///
    /// `completion` is called exactly once, on an event-loop thread, within
    /// ``Configuration/pollTimeout``. A broken connection is replaced on the next poll.
    package func poll(completion: @escaping @Sendable (Result<RedisSample, CollectorError>) -> Void) {
        eventLoop.execute {
            self.runPoll().whenComplete { result in
                completion(result.mapError { error in
                    (error as? CollectorError) ?? RedisFailure.transport(
                        error, endpoint: self.configuration.endpoint, command: "INFO", timeout: self.configuration.connection.requestTimeout)
                })
            }
        }
    }

    /// Closes the connection; a later poll opens a new one.
    package func close() {
        eventLoop.execute {
            self.connection?.close()
            self.connection = nil
        }
    }

    private func runPoll() -> EventLoopFuture<RedisSample> {
        eventLoop.preconditionInEventLoop()
        let started = ContinuousClock.now
        let takenAt = Date()
        let promise = eventLoop.makePromise(of: RedisSample.self)
        let endpoint = configuration.endpoint
        let pollTimeout = configuration.pollTimeout

        // Per-request timeouts already bound every step; this is the guarantee the caller relies on.
        let watchdog = eventLoop.scheduleTask(in: pollTimeout) {
            promise.fail(CollectorError("Redis at \(endpoint.address) did not finish a poll within \(RedisFailure.seconds(pollTimeout))"))
            self.dropConnection()
        }
        promise.futureResult.whenComplete { _ in watchdog.cancel() }

        let slowlogCount = configuration.slowlogCount
        currentConnection()
            .flatMap { connection in
                // Both requests go out at once; Redis answers them in order on the one connection.
                let info = connection.request(RedisCommand("INFO"))
                let slowlog = connection.send(RedisCommand("SLOWLOG", "GET", String(slowlogCount)))
                return info.and(slowlog).flatMapThrowing { infoReply, slowlogReply in
                    guard let parsed = RedisInfo(reply: infoReply) else {
                        throw CollectorError("Redis at \(endpoint.address) answered INFO with \(infoReply.kindName) instead of text")
                    }
                    var entries: [RedisSlowlogEntry] = []
                    var unavailable: String?
                    if let message = slowlogReply.errorMessage {
                        unavailable = RedisFailure.serverError(message, endpoint: endpoint, command: "SLOWLOG").message
                    } else if let read = RedisSlowlogEntry.entries(from: slowlogReply) {
                        entries = read
                    } else {
                        unavailable = "Redis at \(endpoint.address) answered SLOWLOG GET with \(slowlogReply.kindName) in an unexpected shape"
                    }
                    return RedisSample(
                        takenAt: takenAt,
                        info: parsed,
                        slowlog: entries,
                        slowlogUnavailableReason: unavailable,
                        duration: ContinuousClock.now - started,
                        protocolVersion: connection.protocolVersion
                    )
                }
            }
            .cascade(to: promise)
        return promise.futureResult
    }

    /// The open connection, or a new one when there is none or it broke.
    private func currentConnection() -> EventLoopFuture<RedisConnection> {
        eventLoop.preconditionInEventLoop()
        if let connection, connection.isActive {
            return eventLoop.makeSucceededFuture(connection)
        }
        connection = nil
        // Overlapping polls share one connection attempt instead of racing two.
        if let pendingConnection { return pendingConnection }
        let attempt = RedisConnection.connect(to: configuration.endpoint, configuration: configuration.connection, on: eventLoop)
        pendingConnection = attempt
        attempt.whenComplete { result in
            self.pendingConnection = nil
            if case .success(let connection) = result { self.connection = connection }
        }
        return attempt
    }

    private func dropConnection() {
        connection?.close()
        connection = nil
    }
}
