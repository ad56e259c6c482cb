import NIOCore
import NIOPosix
import NIOSSL
import InfraTopBasics

/// One open, logged-in connection to a Redis server.
///
/// Requests may be sent from any thread and are answered in order; each has its
/// own timeout, after which the connection closes (a late reply would otherwise
/// answer the next request). Failures are ``CollectorError`` sentences.
package final class RedisConnection: Sendable {
    /// How to connect and how long to wait.
    package struct Configuration: Sendable {
        /// Longest wait for TCP to connect.
        package var connectTimeout: TimeAmount
        /// Longest wait for each reply, including the handshake's.
        package var requestTimeout: TimeAmount
        /// Used for `rediss://` endpoints; verifies the server's certificate by default.
        package var tls: TLSConfiguration
        package var limits: RESPLimits
        /// How connections are opened: TCP, or a tunnel through the Kubernetes API.
        package var dialer: any Dialer

        package init(
            connectTimeout: TimeAmount = .seconds(3),
            requestTimeout: TimeAmount = .seconds(3),
            tls: TLSConfiguration = .makeClientConfiguration(),
            limits: RESPLimits = .default,
            dialer: any Dialer = DirectDialer()
        ) {
            self.dialer = dialer
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.tls = tls
            self.limits = limits
        }
    }

    package let endpoint: RedisEndpoint
    /// 3 after a successful `HELLO 3`, 2 when the server lacks HELLO.
    package let protocolVersion: Int
    let channel: Channel
    let requestTimeout: TimeAmount

    init(channel: Channel, endpoint: RedisEndpoint, protocolVersion: Int, requestTimeout: TimeAmount) {
        self.channel = channel
        self.endpoint = endpoint
        self.protocolVersion = protocolVersion
        self.requestTimeout = requestTimeout
    }

    /// The event loop all of this connection's I/O runs on.
    package var eventLoop: EventLoop { channel.eventLoop }

    /// False once the connection has closed, for whatever reason.
    package var isActive: Bool { channel.isActive }

    /// Connects, logs in with `HELLO 3` (or `AUTH` on servers without HELLO) and selects the database.
    package static func connect(
        to endpoint: RedisEndpoint,
        configuration: Configuration = Configuration(),
        on eventLoop: EventLoop
    ) -> EventLoopFuture<RedisConnection> {
        let sslContext: NIOSSLContext?
        do {
            sslContext = endpoint.usesTLS ? try NIOSSLContext(configuration: configuration.tls) : nil
        } catch {
            return eventLoop.makeFailedFuture(RedisFailure.connecting(to: endpoint, timeout: configuration.connectTimeout, error: error))
        }
        // SNI carries names only; an IP literal there is refused by BoringSSL.
        let serverHostname = (try? SocketAddress(ipAddress: endpoint.host, port: 0)) == nil ? endpoint.host : nil
        let limits = configuration.limits

        let target = Endpoint(host: endpoint.host, port: endpoint.port)
        return configuration.dialer.connect(to: target, on: eventLoop, connectTimeout: configuration.connectTimeout) { channel in
            channel.eventLoop.makeCompletedFuture {
                let pipeline = channel.pipeline.syncOperations
                if let sslContext {
                    try pipeline.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname))
                }
                try pipeline.addHandler(ByteToMessageHandler(RESPValueDecoder(limits: limits)))
                try pipeline.addHandler(MessageToByteHandler(RedisCommandEncoder()))
                try pipeline.addHandler(RedisRequestHandler())
            }
        }
            .flatMapErrorThrowing { error in
                throw RedisFailure.connecting(to: endpoint, timeout: configuration.connectTimeout, error: error)
            }
            .flatMap { channel in
                handshake(on: channel, endpoint: endpoint, timeout: configuration.requestTimeout)
                    .map { version in
                        RedisConnection(channel: channel, endpoint: endpoint, protocolVersion: version, requestTimeout: configuration.requestTimeout)
                    }
                    .flatMapError { error in
                        // A failed login leaves a useless socket behind; close it before reporting.
                        channel.close().flatMapResult { _ in Result<RedisConnection, Error>.failure(error) }
                    }
            }
    }

    /// Sends `command` and returns the server's reply, error replies included as `.error` values.
    ///
    /// The future fails only when no reply came: closed connection, timeout, or bytes that are not RESP.
    package func send(_ command: RedisCommand) -> EventLoopFuture<RESPValue> {
        Self.send(command, on: channel, endpoint: endpoint, timeout: requestTimeout)
    }

    /// Sends `command` and fails with the server's error reply put into a sentence.
    package func request(_ command: RedisCommand) -> EventLoopFuture<RESPValue> {
        let endpoint = endpoint
        return send(command).flatMapThrowing { reply in
            if let message = reply.errorMessage {
                throw RedisFailure.serverError(message, endpoint: endpoint, command: command.name)
            }
            return reply
        }
    }

    /// Closes the connection; pending requests fail.
    @discardableResult
    package func close() -> EventLoopFuture<Void> {
        channel.close().recover { _ in }
    }

    static func send(_ command: RedisCommand, on channel: Channel, endpoint: RedisEndpoint, timeout: TimeAmount) -> EventLoopFuture<RESPValue> {
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            promise.fail(RedisTransportError.timedOut)
            channel.close(promise: nil)
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        channel.writeAndFlush(RedisRequest(command: command, promise: promise), promise: nil)
        return promise.futureResult.flatMapErrorThrowing { error in
            throw RedisFailure.transport(error, endpoint: endpoint, command: command.name, timeout: timeout)
        }
    }
}
