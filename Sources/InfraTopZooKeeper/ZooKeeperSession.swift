import NIOCore
import NIOPosix
import InfraTopBasics

/// A read-only ZooKeeper session over one TCP connection, spoken in jute.
///
/// Requests may be issued from any thread; they are pipelined and matched to replies by xid.
/// The session pings while idle, so it survives between polls; once the connection closes it
/// stays closed (`isOpen` false) and a new session must be opened.
package final class ZooKeeperSession: Sendable {
    package struct Options: Sendable {
        package var connectTimeout: TimeAmount
        /// How long the handshake and each request may take.
        package var requestTimeout: TimeAmount
        /// The session timeout we ask for; the server clamps it to 2–20 of its ticks.
        package var sessionTimeout: TimeAmount
        package var maximumFrameLength: Int
        /// How connections are opened: TCP, or a tunnel through the Kubernetes API.
        package var dialer: any Dialer

        package init(
            connectTimeout: TimeAmount = .seconds(3),
            requestTimeout: TimeAmount = .seconds(3),
            sessionTimeout: TimeAmount = .seconds(30),
            maximumFrameLength: Int = JuteFrameDecoder.defaultMaximumFrameLength,
            dialer: any Dialer = DirectDialer()
        ) {
            self.dialer = dialer
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.sessionTimeout = sessionTimeout
            self.maximumFrameLength = maximumFrameLength
        }
    }

    package let endpoint: Endpoint
    /// What the server granted: session id, timeout, read-only mode.
    package let handshake: JuteConnectResponse
    private let channel: any Channel
    private let handler: NIOLoopBound<JuteSessionHandler>

    private init(endpoint: Endpoint, handshake: JuteConnectResponse, channel: any Channel, handler: NIOLoopBound<JuteSessionHandler>) {
        self.endpoint = endpoint
        self.handshake = handshake
        self.channel = channel
        self.handler = handler
    }

    /// Connects to `endpoint` and opens a new session; fails with a `ZooKeeperError`.
    package static func open(
        to endpoint: Endpoint,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        options: Options = Options()
    ) -> EventLoopFuture<ZooKeeperSession> {
        let loop = group.next()
        let connected = loop.makePromise(of: JuteConnectResponse.self)
        let request = JuteConnectRequest(timeoutMilliseconds: Int32(clamping: options.sessionTimeout.nanoseconds / 1_000_000))
        return options.dialer.connect(to: endpoint, on: loop, connectTimeout: options.connectTimeout) { channel in
            channel.eventLoop.makeCompletedFuture {
                let sync = channel.pipeline.syncOperations
                try sync.addHandler(ByteToMessageHandler(JuteFrameDecoder(maximumFrameLength: options.maximumFrameLength)))
                try sync.addHandler(JuteSessionHandler(
                    endpoint: endpoint, requestTimeout: options.requestTimeout,
                    connectRequest: request, connected: connected
                ))
            }
        }
            .flatMapError { error in
                let failure = ZooKeeperError.from(error, endpoint: endpoint, request: "the session handshake", connectTimeout: options.connectTimeout)
                connected.fail(failure)
                return loop.makeFailedFuture(failure)
            }
            .flatMap { channel in
                connected.futureResult.flatMapThrowing { handshake in
                    let handler = try channel.pipeline.syncOperations.handler(type: JuteSessionHandler.self)
                    return ZooKeeperSession(
                        endpoint: endpoint, handshake: handshake, channel: channel,
                        handler: NIOLoopBound(handler, eventLoop: channel.eventLoop)
                    )
                }
                .flatMapErrorThrowing { error in
                    channel.close(promise: nil)
                    throw error
                }
            }
    }

    /// The event loop the session's connection runs on; its futures complete there.
    package var eventLoop: any EventLoop { channel.eventLoop }

    /// False once the connection has closed, for whatever reason.
    package var isOpen: Bool { channel.isActive }

    /// The znode's data and Stat, or nil when it does not exist (`NONODE`).
    package func data(at path: String) -> EventLoopFuture<ZNodeData?> {
        let endpoint = endpoint
        return send(.getData(path: path), name: "getData \(path)").flatMapThrowing { reply in
            switch reply.header.error {
            case .ok: return try Self.decode(reply, from: endpoint, name: "getData \(path)") { body throws(JuteDecodingError) in try ZNodeData(body: body) }
            case .noNode: return nil
            default: throw ZooKeeperError.serverError(endpoint, reply.header.error, path: path)
            }
        }
    }

    /// The names of the znode's children in the server's (arbitrary) order, or nil when it does not exist (`NONODE`).
    package func children(of path: String) -> EventLoopFuture<[String]?> {
        let endpoint = endpoint
        return send(.getChildren(path: path), name: "getChildren \(path)").flatMapThrowing { reply in
            switch reply.header.error {
            case .ok: return try Self.decode(reply, from: endpoint, name: "getChildren \(path)") { body throws(JuteDecodingError) in try ZNodeChildren(body: body, withStat: false) }.names
            case .noNode: return nil
            default: throw ZooKeeperError.serverError(endpoint, reply.header.error, path: path)
            }
        }
    }

    /// Ends the session on the server (so its ephemeral state goes at once) and closes the connection.
    /// Never fails: a session we cannot close politely simply expires.
    package func close() -> EventLoopFuture<Void> {
        guard isOpen else { return channel.eventLoop.makeSucceededVoidFuture() }
        let channel = channel
        return send(.closeSession, name: "closeSession")
            .map { _ in }
            .recover { _ in }
            .flatMap { channel.close().recover { _ in } }
    }

    private func send(_ request: JuteRequest, name: String) -> EventLoopFuture<JuteReply> {
        let handler = handler
        return channel.eventLoop.flatSubmit { handler.value.send(request, name: name) }
    }

    private static func decode<T>(_ reply: JuteReply, from endpoint: Endpoint, name: String, _ decoder: (ByteBuffer) throws(JuteDecodingError) -> T) throws(ZooKeeperError) -> T {
        do {
            return try decoder(reply.body)
        } catch {
            throw .malformedAnswer(endpoint, request: name, detail: error.description)
        }
    }
}
