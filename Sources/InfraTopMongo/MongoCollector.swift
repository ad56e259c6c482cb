import Foundation
import NIOCore
import NIOPosix
import InfraTopBasics

/// Polls one mongod: `hello`, then `serverStatus` and, in a replica set, `replSetGetStatus`, over
/// a connection it keeps between polls (`buildInfo` is read once per connection).
///
/// `@unchecked Sendable` because its mutable state (the connection) is touched only on its own
/// event loop, which serializes every access the way a serial queue would.
package final class MongoCollector: @unchecked Sendable {
    package struct Configuration: Sendable {
        package var url: MongoURL
        package var connection: MongoConnection.Configuration
        /// The longest a poll may take, reconnecting and logging in included; past it the poll
        /// fails and the connection is dropped. Defaults to connect + 2 × request timeout
        /// (a reconnecting poll waits for connect, then replies in two rounds at a time).
        package var pollTimeout: TimeAmount

        package init(url: MongoURL, connection: MongoConnection.Configuration = MongoConnection.Configuration(), pollTimeout: TimeAmount? = nil) {
            self.url = url
            self.connection = connection
            self.pollTimeout = pollTimeout ?? connection.connectTimeout + connection.requestTimeout + connection.requestTimeout
        }
    }

    package let configuration: Configuration
    private let eventLoop: EventLoop

    // Touched only on `eventLoop`.
    private var connection: MongoConnection?
    private var pendingConnection: EventLoopFuture<MongoConnection>?

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
    package func poll(completion: @escaping @Sendable (Result<MongoSample, CollectorError>) -> Void) {
        eventLoop.execute {
            self.runPoll().whenComplete { result in
                completion(result.mapError { error in
                    (error as? CollectorError) ?? MongoFailure.transport(
                        error, url: self.configuration.url, command: "serverStatus", timeout: self.configuration.connection.requestTimeout)
                })
            }
        }
    }

    /// Closes the connection; a later poll opens a new one.
    package func close() {
        eventLoop.execute {
            self.dropConnection()
        }
    }

    private func runPoll() -> EventLoopFuture<MongoSample> {
        eventLoop.preconditionInEventLoop()
        let started = ContinuousClock.now
        let takenAt = Date()
        let promise = eventLoop.makePromise(of: MongoSample.self)
        let url = configuration.url
        let pollTimeout = configuration.pollTimeout

        // Per-request timeouts already bound every step; this is the guarantee the caller relies on.
        let watchdog = eventLoop.scheduleTask(in: pollTimeout) {
            promise.fail(CollectorError("MongoDB at \(url.address) did not finish a poll within \(MongoFailure.seconds(pollTimeout))"))
            self.dropConnection()
        }
        promise.futureResult.whenComplete { _ in watchdog.cancel() }

        currentConnection()
            .flatMap { connection in
                connection.hello().flatMap { hello in
                    Self.read(after: hello, on: connection).flatMapThrowing { serverStatus, replicaSet in
                        var hello = hello
                        var unavailable: String?
                        var status: BSONDocument?
                        switch replicaSet {
                        case .status(let document): status = document
                        case .notReplicating:
                            // hello named a set, but the server says it does not replicate: take it as standalone.
                            hello.elements.removeAll { $0.key == "setName" }
                        case .unavailable(let reason): unavailable = reason
                        case nil: break
                        }
                        return MongoSample(
                            takenAt: takenAt, hello: hello, buildInfo: connection.buildInfo, serverStatus: serverStatus,
                            replicaSetStatus: status, replicaSetUnavailableReason: unavailable,
                            duration: ContinuousClock.now - started)
                    }
                }
                .flatMapErrorThrowing { error in
                    throw MongoFailure.transport(error, url: url, command: "serverStatus", timeout: connection.requestTimeout)
                }
            }
            .cascade(to: promise)
        return promise.futureResult
    }

    private enum ReplicaSetReply {
        case status(BSONDocument)
        /// NoReplicationEnabled or NotYetInitialized: a standalone after all.
        case notReplicating
        case unavailable(String)
    }

    /// serverStatus and, when hello names a set, replSetGetStatus, both in flight at once.
    private static func read(after hello: BSONDocument, on connection: MongoConnection) -> EventLoopFuture<(BSONDocument, ReplicaSetReply?)> {
        let serverStatus = connection.run(.serverStatus)
        guard hello["setName"]?.string != nil else {
            return serverStatus.map { ($0, nil) }
        }
        let url = connection.url
        let replicaSet = connection.run(.replSetGetStatus)
            .map { ReplicaSetReply.status($0) }
            .flatMapErrorThrowing { error -> ReplicaSetReply in
                guard let refused = error as? MongoServerError else { throw error }
                switch refused.code {
                case MongoServerError.noReplicationEnabled, MongoServerError.notYetInitialized:
                    return .notReplicating
                default:
                    return .unavailable(MongoFailure.serverError(refused, url: url).message)
                }
            }
        return serverStatus.and(replicaSet).map { ($0, $1) }
    }

    /// The open connection, or a new one when there is none or it broke.
    private func currentConnection() -> EventLoopFuture<MongoConnection> {
        eventLoop.preconditionInEventLoop()
        if let connection, connection.isActive {
            return eventLoop.makeSucceededFuture(connection)
        }
        connection = nil
        // Overlapping polls share one connection attempt instead of racing two.
        if let pendingConnection { return pendingConnection }
        let attempt = MongoConnection.connect(to: configuration.url, configuration: configuration.connection, on: eventLoop)
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
