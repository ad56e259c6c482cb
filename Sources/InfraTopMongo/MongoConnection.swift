import NIOCore
import NIOPosix
import NIOSSL
import InfraTopBasics

/// One open connection to a mongod, past its handshake and, when a user is given, logged in.
///
/// Requests may be sent from any thread; each carries its own requestID, so several may be in
/// flight. Each has its own timeout, after which the connection closes (a late reply would
/// otherwise be read as the next). Failures are ``CollectorError`` sentences, except commands the
/// server refused, which ``run(_:)`` reports as ``MongoServerError`` so the caller can decide.
package final class MongoConnection: Sendable {
    /// How to connect and how long to wait.
    package struct Configuration: Sendable {
        /// Longest wait for TCP (or a tunnel) to connect.
        package var connectTimeout: TimeAmount
        /// Longest wait for each reply, the handshake's and login's included.
        package var requestTimeout: TimeAmount
        /// Used when the URL says `tls=true`; verifies the server's certificate by default.
        package var tls: TLSConfiguration
        package var limits: MongoLimits
        /// How connections are opened: TCP, or a tunnel through the Kubernetes API.
        package var dialer: any Dialer

        package init(
            connectTimeout: TimeAmount = .seconds(3),
            requestTimeout: TimeAmount = .seconds(3),
            tls: TLSConfiguration = .makeClientConfiguration(),
            limits: MongoLimits = .default,
            dialer: any Dialer = DirectDialer()
        ) {
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.tls = tls
            self.limits = limits
            self.dialer = dialer
        }
    }

    package let url: MongoURL
    /// The handshake's `hello` (or `isMaster`) reply.
    package let handshake: BSONDocument
    /// Whether the server knows `hello`; false on servers before 4.4.2, which get `isMaster`.
    package let speaksHello: Bool
    /// `buildInfo`, read once per connection (it changes only with a restart, which closes it);
    /// nil when the server refused it.
    package let buildInfo: BSONDocument?
    let channel: Channel
    let requestTimeout: TimeAmount

    private init(channel: Channel, url: MongoURL, handshake: BSONDocument, speaksHello: Bool, buildInfo: BSONDocument?, requestTimeout: TimeAmount) {
        self.channel = channel
        self.url = url
        self.handshake = handshake
        self.speaksHello = speaksHello
        self.buildInfo = buildInfo
        self.requestTimeout = requestTimeout
    }

    package var eventLoop: EventLoop { channel.eventLoop }

    /// False once the connection has closed, for whatever reason.
    package var isActive: Bool { channel.isActive }

    /// Connects through the configuration's dialer, says hello, logs in with SCRAM-SHA-256 when the
    /// URL names a user, and reads buildInfo.
    package static func connect(to url: MongoURL, configuration: Configuration = Configuration(), on eventLoop: EventLoop) -> EventLoopFuture<MongoConnection> {
        let sslContext: NIOSSLContext?
        do {
            sslContext = url.usesTLS ? try NIOSSLContext(configuration: configuration.tls) : nil
        } catch {
            return eventLoop.makeFailedFuture(MongoFailure.connecting(to: url, timeout: configuration.connectTimeout, error: error))
        }
        if url.username != nil, url.password == nil {
            return eventLoop.makeFailedFuture(CollectorError(
                "MongoDB user \(url.username ?? "") is given without a password — set \(MongoFailure.passwordHint)"))
        }
        // SNI carries names only; an IP literal there is refused by BoringSSL.
        let serverHostname = (try? SocketAddress(ipAddress: url.host, port: 0)) == nil ? url.host : nil
        let limits = configuration.limits
        let timeout = configuration.requestTimeout

        return configuration.dialer.connect(to: Endpoint(host: url.host, port: url.port), on: eventLoop, connectTimeout: configuration.connectTimeout) { channel in
            channel.eventLoop.makeCompletedFuture {
                let pipeline = channel.pipeline.syncOperations
                if let sslContext {
                    try pipeline.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname))
                }
                try pipeline.addHandler(ByteToMessageHandler(MongoMessageDecoder(limits: limits)))
                try pipeline.addHandler(MongoRequestHandler())
            }
        }
        .flatMapErrorThrowing { error in
            throw MongoFailure.connecting(to: url, timeout: configuration.connectTimeout, error: error)
        }
        .flatMap { channel in
            greet(on: channel, url: url, timeout: timeout)
                .flatMap { handshake, speaksHello in
                    logIn(on: channel, url: url, handshake: handshake, timeout: timeout)
                        .flatMap { send(.buildInfo, on: channel, url: url, timeout: timeout) }
                        .map { reply in
                            MongoConnection(channel: channel, url: url, handshake: handshake, speaksHello: speaksHello,
                                            buildInfo: MongoServerError(command: "buildInfo", reply: reply) == nil ? reply : nil,
                                            requestTimeout: timeout)
                        }
                }
                .flatMapError { error in
                    // A failed handshake or login leaves a useless socket; close it before reporting.
                    // The socket may be closed already (the server hung up): that must not replace the reason.
                    channel.close().recover { _ in }.flatMapThrowing { () -> MongoConnection in
                        throw MongoFailure.connecting(to: url, timeout: timeout, error: error)
                    }
                }
        }
    }

    /// Sends `command` and returns the reply, `ok: 0` included. Fails only without a reply.
    package func send(_ command: MongoCommand) -> EventLoopFuture<BSONDocument> {
        Self.send(command, on: channel, url: url, timeout: requestTimeout)
    }

    /// Sends `command`; a reply with `ok: 0` fails as ``MongoServerError``.
    package func run(_ command: MongoCommand) -> EventLoopFuture<BSONDocument> {
        Self.run(command, on: channel, url: url, timeout: requestTimeout)
    }

    /// `hello`, or `isMaster` on a server that knows only that.
    package func hello() -> EventLoopFuture<BSONDocument> {
        run(speaksHello ? .hello() : .isMaster())
    }

    @discardableResult
    package func close() -> EventLoopFuture<Void> {
        channel.close().recover { _ in }
    }

    // MARK: - Requests on a channel

    static func send(_ command: MongoCommand, on channel: Channel, url: MongoURL, timeout: TimeAmount) -> EventLoopFuture<BSONDocument> {
        let promise = channel.eventLoop.makePromise(of: BSONDocument.self)
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            promise.fail(MongoTransportError.timedOut)
            channel.close(promise: nil)
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        channel.writeAndFlush(MongoRequest(command, promise: promise), promise: nil)
        return promise.futureResult.flatMapErrorThrowing { error in
            throw MongoFailure.transport(error, url: url, command: command.name, timeout: timeout)
        }
    }

    static func run(_ command: MongoCommand, on channel: Channel, url: MongoURL, timeout: TimeAmount) -> EventLoopFuture<BSONDocument> {
        send(command, on: channel, url: url, timeout: timeout).flatMapThrowing { reply in
            if let error = MongoServerError(command: command.name, reply: reply) { throw error }
            return reply
        }
    }

    // MARK: - Handshake and login

    /// `hello`, falling back to `isMaster` only when the server does not know `hello` (before 4.4.2).
    /// With a user, asks which SASL mechanisms that user has.
    private static func greet(on channel: Channel, url: MongoURL, timeout: TimeAmount) -> EventLoopFuture<(BSONDocument, Bool)> {
        let arguments: BSONDocument = url.username.map { ["saslSupportedMechs": .string("\(url.authSource).\($0)")] } ?? [:]
        return run(.hello(arguments: arguments), on: channel, url: url, timeout: timeout)
            .map { ($0, true) }
            .flatMapError { error in
                guard let refused = error as? MongoServerError, refused.code == MongoServerError.commandNotFound else {
                    return channel.eventLoop.makeFailedFuture(error)
                }
                return run(.isMaster(arguments: arguments), on: channel, url: url, timeout: timeout).map { ($0, false) }
            }
    }

    /// SCRAM-SHA-256 through saslStart and saslContinue on the user's authSource, when a user is given.
    private static func logIn(on channel: Channel, url: MongoURL, handshake: BSONDocument, timeout: TimeAmount) -> EventLoopFuture<Void> {
        guard let user = url.username, let password = url.password else { return channel.eventLoop.makeSucceededVoidFuture() }
        if let mechanisms = handshake["saslSupportedMechs"]?.array?.compactMap(\.string), !mechanisms.contains("SCRAM-SHA-256") {
            return channel.eventLoop.makeFailedFuture(CollectorError(
                "MongoDB user \(user) on \(url.address) can log in with \(mechanisms.joined(separator: ", ")) only; infratop speaks SCRAM-SHA-256 — give the user SCRAM-SHA-256 credentials"))
        }
        let scram: SCRAMSHA256
        do {
            scram = try SCRAMSHA256(username: user, password: password)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        let database = url.authSource
        let start = MongoCommand("saslStart", database: database, arguments: [
            "mechanism": .string("SCRAM-SHA-256"),
            "payload": .binary(subtype: 0, bytes: Array(scram.clientFirstMessage.utf8)),
            "autoAuthorize": .int32(1),
            "options": .document(["skipEmptyExchange": .bool(true)]),
        ])
        return run(start, on: channel, url: url, timeout: timeout).flatMap { first in
            let conversation: BSONValue
            let final: SCRAMSHA256.ClientFinal
            do {
                conversation = try conversationID(first)
                final = try scram.clientFinal(serverFirstMessage: try payload(first))
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
            let next = MongoCommand("saslContinue", database: database, arguments: [
                "conversationId": conversation,
                "payload": .binary(subtype: 0, bytes: Array(final.message.utf8)),
            ])
            return run(next, on: channel, url: url, timeout: timeout).flatMap { second in
                do {
                    try final.verify(serverFinalMessage: try payload(second))
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
                if second["done"]?.truth == true { return channel.eventLoop.makeSucceededVoidFuture() }
                // A server that ignores skipEmptyExchange wants one more, empty, round.
                let last = MongoCommand("saslContinue", database: database, arguments: [
                    "conversationId": conversation, "payload": .binary(subtype: 0, bytes: []),
                ])
                return run(last, on: channel, url: url, timeout: timeout).flatMapThrowing { third in
                    guard third["done"]?.truth == true else {
                        throw SCRAMError.malformedServerMessage("the conversation did not end after the server's signature")
                    }
                }
            }
        }
    }

    private static func conversationID(_ reply: BSONDocument) throws(SCRAMError) -> BSONValue {
        guard let id = reply["conversationId"], id.integer != nil else {
            throw .malformedServerMessage("saslStart's reply has no conversationId")
        }
        return id
    }

    private static func payload(_ reply: BSONDocument) throws(SCRAMError) -> String {
        guard let bytes = reply["payload"]?.binary else { throw .malformedServerMessage("the reply has no binary payload") }
        return String(decoding: bytes, as: UTF8.self)
    }
}
