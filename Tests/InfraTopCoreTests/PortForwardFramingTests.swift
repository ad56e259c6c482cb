import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKubernetes

/// The channel protocol of `pods/{pod}/portforward` over WebSocket, as the kubelet speaks it,
/// fed as raw server bytes through NIO's frame decoder into ``PortForwardChannelHandler``.
@Suite struct PortForwardFramingTests {
    /// Collects what the handler passes up as a plain byte stream, and whether the stream started.
    private final class Upstream: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        var received = ""
        var activations = 0
        var errors: [any Error] = []
        var inactive = false

        func channelActive(context: ChannelHandlerContext) { activations += 1 }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) { received += String(buffer: unwrapInboundIn(data)) }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { errors.append(error) }
        func channelInactive(context: ChannelHandlerContext) { inactive = true }
    }

    private struct Tunnel {
        var channel: EmbeddedChannel
        var handler: PortForwardChannelHandler
        var upstream: Upstream
        var ready: EventLoopFuture<Void>
        var readyResult: Result<Void, any Error>? {
            var result: Result<Void, any Error>?
            ready.whenComplete { result = $0 }
            return result
        }

        /// Adds the protocol's stand-in above the tunnel and starts it, as the dialer does once ready.
        func activate() throws {
            try channel.pipeline.syncOperations.addHandler(upstream)
            try handler.activate(context: try channel.pipeline.syncOperations.context(handler: handler))
        }
    }

    private func makeTunnel(port: Int = 6379, maximumFrameSize: Int = 1024) throws -> Tunnel {
        let channel = EmbeddedChannel()
        let ready = channel.eventLoop.makePromise(of: Void.self)
        let handler = PortForwardChannelHandler(pod: "redis-0", port: port, ready: ready)
        let sync = channel.pipeline.syncOperations
        try sync.addHandler(WebSocketFrameEncoder())
        try sync.addHandler(ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: maximumFrameSize)))
        try sync.addHandler(handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 443)).wait()
        return Tunnel(channel: channel, handler: handler, upstream: Upstream(), ready: ready.futureResult)
    }

    /// One server frame (servers do not mask): FIN, opcode, length, payload.
    private func frame(_ payload: [UInt8], opcode: UInt8 = 0x2, fin: Bool = true) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(fin ? 0x80 : 0) | opcode)
        if payload.count < 126 {
            buffer.writeInteger(UInt8(payload.count))
        } else {
            buffer.writeInteger(UInt8(126))
            buffer.writeInteger(UInt16(payload.count))
        }
        buffer.writeBytes(payload)
        return buffer
    }

    private func portFrame(channel: UInt8, port: Int) -> ByteBuffer {
        frame([channel, UInt8(port & 0xFF), UInt8(port >> 8)])
    }

    /// Reads the next frame the client wrote, unmasking it.
    private func written(_ tunnel: Tunnel) throws -> WebSocketFrame? {
        guard var bytes = try tunnel.channel.readOutbound(as: ByteBuffer.self) else { return nil }
        while let more = try tunnel.channel.readOutbound(as: ByteBuffer.self) {
            var more = more
            bytes.writeBuffer(&more)
        }
        let decoder = EmbeddedChannel(handler: ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: 1 << 20)))
        try decoder.writeInbound(bytes)
        return try decoder.readInbound(as: WebSocketFrame.self)
    }

    @Test func becomesReadyOnceBothChannelsNameThePort() throws {
        let tunnel = try makeTunnel()
        try tunnel.channel.writeInbound(portFrame(channel: 0, port: 6379))
        #expect(tunnel.readyResult == nil)
        try tunnel.channel.writeInbound(portFrame(channel: 1, port: 6379))
        #expect(throws: Never.self) { try tunnel.readyResult?.get() }
        #expect(tunnel.readyResult != nil)
    }

    @Test func passesDataUpOnlyOnceActivatedAndStartsTheStreamOnce() throws {
        let tunnel = try makeTunnel()
        var both = portFrame(channel: 0, port: 6379)
        var error = portFrame(channel: 1, port: 6379)
        both.writeBuffer(&error)
        var data = frame([0] + Array("+PONG\r\n".utf8))
        both.writeBuffer(&data)
        // The port frames and the first data may arrive in one read, right behind the 101.
        try tunnel.channel.writeInbound(both)
        #expect(tunnel.upstream.received == "")
        try tunnel.activate()
        #expect(tunnel.upstream.activations == 1)
        #expect(tunnel.upstream.received == "+PONG\r\n")
    }

    @Test func readsPortNumbersAndMessagesSplitAcrossFragments() throws {
        let tunnel = try makeTunnel()
        // The data channel's port in two fragments: channel byte and low byte, then the high byte.
        try tunnel.channel.writeInbound(frame([0, 0xEB], fin: false))
        try tunnel.channel.writeInbound(frame([0x18], opcode: 0x0, fin: true))
        // The error channel's port with the channel byte alone in the first fragment.
        try tunnel.channel.writeInbound(frame([1], fin: false))
        try tunnel.channel.writeInbound(frame([0xEB, 0x18], opcode: 0x0, fin: true))
        #expect(tunnel.readyResult != nil)
        try tunnel.activate()
        // A data message in three fragments: only the first carries the channel byte.
        try tunnel.channel.writeInbound(frame([0] + Array("+PO".utf8), fin: false))
        try tunnel.channel.writeInbound(frame(Array("NG".utf8), opcode: 0x0, fin: false))
        try tunnel.channel.writeInbound(frame(Array("\r\n".utf8), opcode: 0x0, fin: true))
        #expect(tunnel.upstream.received == "+PONG\r\n")
        #expect(tunnel.upstream.errors.isEmpty)
    }

    @Test func writesMaskedBinaryFramesOnTheDataChannel() throws {
        let tunnel = try makeTunnel()
        try tunnel.channel.writeInbound(portFrame(channel: 0, port: 6379))
        try tunnel.channel.writeInbound(portFrame(channel: 1, port: 6379))
        try tunnel.activate()
        try tunnel.channel.writeAndFlush(ByteBuffer(string: "PING\r\n")).wait()
        let sent = try #require(try written(tunnel))
        #expect(sent.opcode == .binary)
        #expect(sent.fin)
        #expect(sent.maskKey != nil, "a client must mask every frame")
        #expect(Array(sent.unmaskedData.readableBytesView) == [0] + Array("PING\r\n".utf8))
    }

    @Test func anErrorChannelMessageEndsTheTunnelWithTheKubeletsText() throws {
        let tunnel = try makeTunnel(port: 27017)
        try tunnel.channel.writeInbound(portFrame(channel: 0, port: 27017))
        try tunnel.channel.writeInbound(portFrame(channel: 1, port: 27017))
        try tunnel.activate()
        let text = "error forwarding port 27017 to pod mongodb-0, uid : failed to connect to localhost:27017: connect: connection refused\n"
        try tunnel.channel.writeInbound(frame([1] + Array(text.utf8)))
        let error = try #require(tunnel.upstream.errors.first as? PortForwardError)
        #expect(error.kind == .refusedByContainer)
        #expect(error.message == "pod redis-0 refuses port 27017: nothing listens there (error forwarding port 27017 to pod mongodb-0, uid : failed to connect to localhost:27017: connect: connection refused)")
        #expect(!tunnel.channel.isActive)
    }

    @Test func anErrorBeforeReadinessFailsTheOpening() throws {
        let tunnel = try makeTunnel()
        try tunnel.channel.writeInbound(portFrame(channel: 0, port: 6379))
        try tunnel.channel.writeInbound(frame([1, 0xEB, 0x18] + Array("pod not found (\"redis-0_e-commerce-saga\")\u{1B}[2J".utf8)))
        // The port frames made the tunnel ready; the error that followed stops its use.
        #expect(tunnel.readyResult != nil)
        var failure: PortForwardError?
        do { try tunnel.activate() } catch { failure = error as? PortForwardError }
        let error = try #require(failure)
        #expect(tunnel.upstream.activations == 0)
        // Escape sequences from the server never reach the screen.
        #expect(error.message == "the tunnel to pod redis-0 port 6379 failed: pod not found (\"redis-0_e-commerce-saga\")")
    }

    @Test func answersACloseFrameAndEndsTheStream() throws {
        let tunnel = try makeTunnel()
        try tunnel.channel.writeInbound(portFrame(channel: 0, port: 6379))
        try tunnel.channel.writeInbound(portFrame(channel: 1, port: 6379))
        try tunnel.activate()
        try tunnel.channel.writeInbound(frame([0x03, 0xE8], opcode: 0x8))
        let reply = try #require(try written(tunnel))
        #expect(reply.opcode == .connectionClose)
        #expect(Array(reply.unmaskedData.readableBytesView) == [0x03, 0xE8])
        #expect(!tunnel.channel.isActive)
        #expect(tunnel.upstream.inactive)
        #expect(tunnel.upstream.errors.isEmpty)
    }

    @Test func aCloseBeforeThePortFramesFailsTheOpening() throws {
        let tunnel = try makeTunnel()
        try tunnel.channel.writeInbound(frame([0x03, 0xE8], opcode: 0x8))
        guard case .failure(let error)? = tunnel.readyResult else {
            Issue.record("the tunnel should have failed to open")
            return
        }
        #expect((error as? PortForwardError)?.message == "the API server closed the tunnel before naming the port")
    }

    @Test func anOversizedFrameIsRefusedBeforeItsPayloadIsBuffered() throws {
        let tunnel = try makeTunnel(maximumFrameSize: 1024)
        try tunnel.channel.writeInbound(portFrame(channel: 0, port: 6379))
        try tunnel.channel.writeInbound(portFrame(channel: 1, port: 6379))
        try tunnel.activate()
        // Only the header of a 64 KiB frame: the decoder must refuse it on the length alone.
        var header = ByteBuffer()
        header.writeInteger(UInt8(0x82))
        header.writeInteger(UInt8(126))
        header.writeInteger(UInt16(0xFFFF))
        try tunnel.channel.writeInbound(header)
        let error = try #require(tunnel.upstream.errors.first as? PortForwardError)
        #expect(error.message == "the API server sent a WebSocket frame larger than the tunnel accepts")
        #expect(!tunnel.channel.isActive)
    }

    @Test func aPortThatIsNotTheOneAskedForIsAProtocolViolation() throws {
        let tunnel = try makeTunnel()
        try tunnel.channel.writeInbound(portFrame(channel: 0, port: 6380))
        guard case .failure(let error)? = tunnel.readyResult else {
            Issue.record("the tunnel should have failed to open")
            return
        }
        #expect((error as? PortForwardError)?.message == "the API server announced port 6380 on channel 0, not 6379")
    }

    @Test func anUnaskedChannelIsAProtocolViolation() throws {
        let tunnel = try makeTunnel()
        try tunnel.channel.writeInbound(frame([4, 0xEB, 0x18]))
        guard case .failure(let error)? = tunnel.readyResult else {
            Issue.record("the tunnel should have failed to open")
            return
        }
        #expect((error as? PortForwardError)?.kind == .protocolViolation)
    }

    @Test func anIdleTunnelIsClosed() throws {
        let tunnel = try makeTunnel()
        try tunnel.channel.writeInbound(portFrame(channel: 0, port: 6379))
        try tunnel.channel.writeInbound(portFrame(channel: 1, port: 6379))
        try tunnel.activate()
        // What the dialer's IdleStateHandler sends when nothing crossed the tunnel for its timeout.
        tunnel.channel.pipeline.fireUserInboundEventTriggered(IdleStateHandler.IdleStateEvent.all)
        #expect(!tunnel.channel.isActive)
        #expect(tunnel.upstream.inactive)
    }

    @Test func answersPings() throws {
        let tunnel = try makeTunnel()
        try tunnel.channel.writeInbound(frame(Array("hi".utf8), opcode: 0x9))
        let pong = try #require(try written(tunnel))
        #expect(pong.opcode == .pong)
        #expect(String(buffer: pong.unmaskedData) == "hi")
    }

    @Test func refusalStatusesBecomeSentences() {
        let target = PortForwardDialer.PodPort(pod: "redis-0", port: 6379)
        let forbidden = #"{"kind":"Status","status":"Failure","message":"pods \"redis-0\" is forbidden: User \"lab-noforward\" cannot create resource \"pods/portforward\" in API group \"\" in the namespace \"e-commerce-saga\"","reason":"Forbidden","code":403}"#
        let error = UpgradeRefusalHandler.error(status: 403, body: Array(forbidden.utf8), target: target, context: "lab", server: "https://127.0.0.1:1")
        #expect(error.kind == .forbidden)
        #expect(error.message == #"RBAC forbids opening a tunnel to pod redis-0 (pods "redis-0" is forbidden: User "lab-noforward" cannot create resource "pods/portforward" in API group "" in the namespace "e-commerce-saga"); add to the Role: - apiGroups: [""], resources: [pods/portforward], verbs: [create]"#)
        let unscheduled = #"{"kind":"Status","message":"pod kafka-1 does not have a host assigned","reason":"BadRequest","code":400}"#
        let pending = UpgradeRefusalHandler.error(status: 400, body: Array(unscheduled.utf8), target: .init(pod: "kafka-1", port: 9092), context: "lab", server: "s")
        #expect(pending.kind == .podNotRunning)
        let absent = UpgradeRefusalHandler.error(status: 404, body: Array("not json".utf8), target: .init(pod: "kafka-2", port: 9092), context: "lab", server: "s")
        #expect(absent.message == "pod kafka-2 does not exist")
    }
}
