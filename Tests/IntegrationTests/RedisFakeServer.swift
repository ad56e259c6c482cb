import NIOCore
import NIOPosix

/// A TCP server on a free loopback port that answers every read with fixed bytes,
/// or never answers: what a client sees when REDIS_URL points at the wrong service.
final class RedisFakeServer: Sendable {
    private let channel: Channel
    let port: Int

    private init(channel: Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    /// Starts a server that writes `reply` after each read, or stays silent when `reply` is nil.
    static func start(reply: String?) async throws -> RedisFakeServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(FixedReplyHandler(reply: reply))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            try await channel.close()
            throw TestServerError("fake server has no local port")
        }
        return RedisFakeServer(channel: channel, port: port)
    }

    func stop() async {
        try? await channel.close()
    }
}

private final class FixedReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let reply: String?

    init(reply: String?) { self.reply = reply }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let reply else { return }
        context.writeAndFlush(Self.wrapOutboundOut(ByteBuffer(string: reply)), promise: nil)
    }
}
