import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKafka

/// A loopback "broker" that answers each request frame as a test script says,
/// including in ways no real broker would: wrong correlation ids, cut frames, silence.
final class KafkaScriptedBroker: Sendable {
    /// What to do with one request.
    enum Reply: Sendable {
        /// Write these bytes (a complete frame or any garbage) and keep the connection.
        case bytes(ByteBuffer)
        /// Write these bytes, then close.
        case bytesThenClose(ByteBuffer)
        /// Say nothing.
        case silence
    }

    /// The fixed part of a request header, enough to script an answer.
    struct Request: Sendable {
        var apiKey: KafkaAPIKey
        var version: Int16
        var correlationID: Int32
        var frame: ByteBuffer
    }

    typealias Script = @Sendable (Request) -> Reply

    let channel: Channel
    private let connections = Connections()
    var endpoint: Endpoint { Endpoint(host: "127.0.0.1", port: channel.localAddress?.port ?? 0) }

    init(group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton, script: @escaping Script) throws {
        let connections = connections
        channel = try ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                connections.add(child)
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(KafkaFrameDecoder()))
                    try child.pipeline.syncOperations.addHandler(ScriptHandler(script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
    }

    /// Stops listening and closes every connection, as a broker that goes down does.
    func stop() {
        try? channel.close().wait()
        for child in connections.all { try? child.close().wait() }
    }

    private final class Connections: @unchecked Sendable {
        private let lock = NIOLock()
        private var channels: [Channel] = []
        func add(_ channel: Channel) { lock.withLock { channels.append(channel) } }
        var all: [Channel] { lock.withLock { channels } }
    }

    private final class ScriptHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let script: Script
        init(script: @escaping Script) { self.script = script }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = Self.unwrapInboundIn(data)
            guard let key = frame.getInteger(at: frame.readerIndex, as: Int16.self),
                  let version = frame.getInteger(at: frame.readerIndex + 2, as: Int16.self),
                  let id = frame.getInteger(at: frame.readerIndex + 4, as: Int32.self)
            else { return context.close(promise: nil) }
            switch script(Request(apiKey: KafkaAPIKey(rawValue: key), version: version, correlationID: id, frame: frame)) {
            case .bytes(let bytes):
                context.writeAndFlush(Self.wrapOutboundOut(bytes), promise: nil)
            case .bytesThenClose(let bytes):
                let channel = context.channel
                context.writeAndFlush(Self.wrapOutboundOut(bytes)).whenComplete { _ in channel.close(promise: nil) }
            case .silence:
                break
            }
        }
    }
}

/// ApiVersions ranges of a modern broker for the APIs infratop speaks.
let kafkaModernAPIs: [ApiVersionsResponse.APIVersion] = KafkaVersionNegotiation.infratopVersions.map {
    .init(apiKey: $0.key, minVersion: 0, maxVersion: $0.value.upperBound)
}

/// The ApiVersions answer for `request`, at the version it asked for.
func kafkaApiVersionsReply(_ request: KafkaScriptedBroker.Request, apis: [ApiVersionsResponse.APIVersion] = kafkaModernAPIs) -> KafkaScriptedBroker.Reply {
    // `try!` is safe here: the test builds the answer itself from valid values.
    .bytes(try! KafkaEnvelope.encodeResponse(ApiVersionsResponse(apiVersions: apis), version: request.version, correlationID: request.correlationID))
}
