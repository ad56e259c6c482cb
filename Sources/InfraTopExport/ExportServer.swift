import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP/1.1 server of `infratop serve`: GET (or HEAD) of a few paths, each answered by a
/// responder, nothing else. Requests carry no body worth reading; one that sends more than a
/// small cap is cut off. Idle connections close after a while, so a scraper that vanishes
/// leaves nothing behind.
package final class ExportServer: Sendable {
    package struct Response: Sendable {
        package var status: HTTPResponseStatus
        package var contentType: String
        package var body: String

        package init(status: HTTPResponseStatus = .ok, contentType: String, body: String) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    /// Answers a GET of `path` (the query string removed); nil for a path it does not serve.
    package typealias Responder = @Sendable (String) async -> Response?

    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// The address it listens on, with the port the system chose when asked for port 0.
    package var address: SocketAddress? { channel.localAddress }

    /// Listens on `host`:`port`; throws when the address cannot be bound.
    package init(host: String, port: Int, responder: @escaping Responder) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(ChannelOptions.backlog, value: 64)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: .seconds(30)))
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(RequestHandler(responder: responder))
                    }
                }
                .bind(host: host, port: port)
                .get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        self.group = group
    }

    /// Stops listening and closes every connection.
    package func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

/// One connection's requests, answered in order.
private final class RequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// The most request body read before the connection is closed: these paths take none.
    private static let maximumBody = 16 * 1024

    private let responder: ExportServer.Responder
    private var head: HTTPRequestHead?
    private var bodyBytes = 0

    init(responder: @escaping ExportServer.Responder) {
        self.responder = responder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            bodyBytes = 0
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
            if bodyBytes > Self.maximumBody {
                context.close(promise: nil)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let keepAlive = head.isKeepAlive
        let isHead = head.method == .HEAD
        guard head.method == .GET || isHead else {
            write(ExportServer.Response(status: .methodNotAllowed, contentType: "text/plain; charset=utf-8", body: "only GET and HEAD\n"),
                  headOnly: false, keepAlive: keepAlive, extra: [("Allow", "GET, HEAD")], context: context)
            return
        }
        let path = String(head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        let responder = responder
        let loop = context.eventLoop
        let promise = loop.makePromise(of: ExportServer.Response?.self)
        promise.completeWithTask { await responder(path) }
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        promise.futureResult.whenSuccess { response in
            let (handler, context) = bound.value
            let answer = response ?? ExportServer.Response(status: .notFound, contentType: "text/plain; charset=utf-8", body: "not found: try /metrics, /snapshot.json or /healthz\n")
            handler.write(answer, headOnly: isHead, keepAlive: keepAlive, extra: [], context: context)
        }
    }

    private func write(_ response: ExportServer.Response, headOnly: Bool, keepAlive: Bool, extra: [(String, String)], context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: response.body.utf8.count)
        buffer.writeString(response.body)
        var headers = HTTPHeaders([("Content-Type", response.contentType), ("Content-Length", "\(buffer.readableBytes)")] + extra)
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: response.status, headers: headers))), promise: nil)
        if !headOnly {
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            done.whenComplete { _ in bound.value.close(promise: nil) }
        }
    }
}
