import NIOCore
import InfraTopBasics

/// A reply inside a session: its header and the undecoded body (empty when `header.error` is not OK).
struct JuteReply: Sendable {
    var header: JuteReplyHeader
    var body: ByteBuffer
}

/// Runs one session on a channel: the connect handshake, requests matched to replies by xid,
/// pings that keep the session alive between polls, and a deadline on every request.
///
/// Lives on its channel's event loop; every member is touched only there.
final class JuteSessionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private struct Pending {
        var name: String
        var promise: EventLoopPromise<JuteReply>
        var deadline: Scheduled<Void>?
    }

    private let endpoint: Endpoint
    private let requestTimeout: TimeAmount
    private let connectRequest: JuteConnectRequest
    private let connected: EventLoopPromise<JuteConnectResponse>
    private var context: ChannelHandlerContext?
    private var isSessionOpen = false
    private var handshakeDeadline: Scheduled<Void>?
    private var pinger: RepeatedTask?
    private var pending: [Int32: Pending] = [:]
    private var nextXid: Int32 = 1

    init(endpoint: Endpoint, requestTimeout: TimeAmount, connectRequest: JuteConnectRequest, connected: EventLoopPromise<JuteConnectResponse>) {
        self.endpoint = endpoint
        self.requestTimeout = requestTimeout
        self.connectRequest = connectRequest
        self.connected = connected
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let request = "the session handshake"
        handshakeDeadline = context.eventLoop.scheduleTask(in: requestTimeout) {
            let handler = loopBound.value
            handler.failAll(ZooKeeperError.answerTimeout(handler.endpoint, request: request, seconds: ZooKeeperError.seconds(handler.requestTimeout)))
        }
        context.writeAndFlush(NIOAny(connectRequest.frame()), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var frame = unwrapInboundIn(data)
        do throws(JuteDecodingError) {
            guard isSessionOpen else {
                try openSession(with: JuteConnectResponse(frame: frame), context: context)
                return
            }
            let header = try JuteReplyHeader(from: &frame)
            switch header.xid {
            case JuteRequest.pingXid:
                return
            case -1:
                // A watch notification; we set no watches, so a server sending one is merely ignored.
                return
            default:
                guard let request = pending.removeValue(forKey: header.xid) else {
                    throw .unexpectedXid(header.xid)
                }
                request.deadline?.cancel()
                request.promise.succeed(JuteReply(header: header, body: frame))
            }
        } catch {
            failAll(ZooKeeperError.malformedAnswer(endpoint, request: phase, detail: error.description))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(ZooKeeperError.from(error, endpoint: endpoint, request: phase, connectTimeout: requestTimeout))
    }

    /// What the server was answering, for error sentences.
    private var phase: String { isSessionOpen ? "a request" : "the session handshake" }

    /// Sends `request` and returns its reply; `name` describes it in errors ("getData /controller").
    func send(_ request: JuteRequest, name: String) -> EventLoopFuture<JuteReply> {
        guard let context, isSessionOpen else {
            return connected.futureResult.eventLoop.makeFailedFuture(ZooKeeperError.closedEarly(endpoint, request: name))
        }
        let xid = nextXid
        // Xids stay positive: negative ones are reserved (pings, notifications, auth).
        nextXid = nextXid == Int32.max ? 1 : nextXid + 1
        let promise = context.eventLoop.makePromise(of: JuteReply.self)
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let deadline = context.eventLoop.scheduleTask(in: requestTimeout) {
            let handler = loopBound.value
            // A request that goes unanswered leaves the session in doubt, so the whole connection goes.
            handler.failAll(ZooKeeperError.answerTimeout(handler.endpoint, request: name, seconds: ZooKeeperError.seconds(handler.requestTimeout)), first: xid)
        }
        pending[xid] = Pending(name: name, promise: promise, deadline: deadline)
        context.writeAndFlush(NIOAny(request.frame(xid: xid)), promise: nil)
        return promise.futureResult
    }

    private func openSession(with response: JuteConnectResponse, context: ChannelHandlerContext) {
        handshakeDeadline?.cancel()
        handshakeDeadline = nil
        // A session id of 0 or a non-positive timeout is how a server says no (e.g. it lost its quorum).
        guard response.sessionID != 0, response.timeoutMilliseconds > 0 else {
            failAll(ZooKeeperError.sessionRefused(endpoint))
            return
        }
        isSessionOpen = true
        // The server expires a silent session after its timeout; a ping every third of it keeps ours
        // alive between polls, as ZooKeeper's own client does.
        let interval = TimeAmount.milliseconds(Int64(max(response.timeoutMilliseconds / 3, 100)))
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        pinger = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            let handler = loopBound.value
            guard handler.isSessionOpen, let context = handler.context else { return }
            context.writeAndFlush(NIOAny(JuteRequest.ping.frame(xid: JuteRequest.pingXid)), promise: nil)
        }
        connected.succeed(response)
    }

    /// Fails the handshake and every pending request, then closes the connection.
    ///
    /// `error` nil means the server closed the connection; `first` names the request that caused the
    /// failure, which gets `error` while the others learn the connection closed.
    private func failAll(_ error: ZooKeeperError?, first: Int32? = nil) {
        isSessionOpen = false
        handshakeDeadline?.cancel()
        handshakeDeadline = nil
        pinger?.cancel()
        pinger = nil
        connected.fail(error ?? ZooKeeperError.closedEarly(endpoint, request: "the session handshake"))
        let failed = pending
        pending.removeAll()
        for (xid, request) in failed.sorted(by: { $0.key < $1.key }) {
            request.deadline?.cancel()
            let reason = (first == nil || xid == first) ? error : nil
            request.promise.fail(reason ?? ZooKeeperError.closedEarly(endpoint, request: request.name))
        }
        if let context, context.channel.isActive { context.close(promise: nil) }
    }
}
