import InfraTopCore
import NIOCore
import NIOPosix
import InfraTopRedis

/// A TCP server on a free loopback port that plays a Redis server badly or partly:
/// what a client sees when REDIS_URL points at the wrong service, or at a server
/// with commands renamed away.
final class RedisFakeServer: Sendable {
    /// How the fake answers.
    enum Behavior: Sendable {
        /// Writes these bytes after every read, or stays silent when nil.
        case raw(String?)
        /// Decodes each command and answers by its name; a command not listed gets no answer.
        case commands([String: RESPValue])
    }

    private let channel: Channel
    let port: Int

    private init(channel: Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    static func start(_ behavior: Behavior) async throws -> RedisFakeServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    switch behavior {
                    case .raw(let reply):
                        try child.pipeline.syncOperations.addHandler(FixedReplyHandler(reply: reply))
                    case .commands(let replies):
                        try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPValueDecoder()))
                        try child.pipeline.syncOperations.addHandler(CommandReplyHandler(replies: replies))
                    }
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

private final class CommandReplyHandler: ChannelInboundHandler {
    typealias InboundIn = RESPValue
    typealias OutboundOut = ByteBuffer

    let replies: [String: RESPValue]

    init(replies: [String: RESPValue]) { self.replies = replies }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let command = Self.unwrapInboundIn(data)
        guard let name = command.elements?.first?.text?.uppercased(), let reply = replies[name] else { return }
        var buffer = context.channel.allocator.buffer(capacity: 64)
        buffer.writeRESPValue(reply)
        context.writeAndFlush(Self.wrapOutboundOut(buffer), promise: nil)
    }
}
