import NIOCore
import NIOWebSocket
import InfraTopBasics

/// Turns a WebSocket opened on `pods/{pod}/portforward?ports=N` into a plain byte stream, so
/// the protocol handlers after it (Kafka, RESP, jute...) read and write as over TCP.
///
/// The channel protocol (`channel.k8s.io`, `v4.channel.k8s.io`), as the kubelet speaks it: every
/// message starts with a channel byte; for the one forwarded port, channel 0 carries data and
/// channel 1 errors. The server's first bytes on each channel are the port number, 16 bits
/// little-endian. A message may come in several fragments, of which only the first carries the
/// channel byte, and a port number may be split across fragments. Text on the error channel
/// ends the tunnel with that text as a ``PortForwardError``.
///
/// `ready` succeeds once both port frames have arrived. Until ``activate(context:)``, bytes for
/// the data channel are held (bounded) and `channelActive` is not passed on, so handlers added
/// after the upgrade see the stream start exactly as a new TCP connection would.
package final class PortForwardChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    package typealias InboundIn = WebSocketFrame
    package typealias InboundOut = ByteBuffer
    package typealias OutboundIn = ByteBuffer
    package typealias OutboundOut = WebSocketFrame

    /// The longest error text kept; kubelet's are a few hundred bytes.
    static let maximumErrorBytes = 4096
    /// The most data held between the port frames and ``activate(context:)``.
    static let maximumHeldBytes = 1 << 20
    /// Outgoing data is cut into messages of at most this size.
    static let maximumOutgoingPayload = 32 << 10

    private let port: Int
    private let pod: String
    private let ready: EventLoopPromise<Void>
    /// Port bytes still missing per channel (0 data, 1 error); each channel's first two bytes.
    private var portBytes: [[UInt8]] = [[], []]
    /// The channel of the message being read, nil between messages; -1 while its first fragment was empty.
    private var messageChannel: Int?
    private var errorText: [UInt8] = []
    private var isReady = false
    private var isActive = false
    private var held: [ByteBuffer] = []
    private var heldBytes = 0
    private var sentClose = false
    /// The server closed the WebSocket: what its TCP or TLS does afterwards no longer matters.
    private var receivedClose = false
    private var failed = false
    private var failureBeforeActivation: PortForwardError?

    package init(pod: String, port: Int, ready: EventLoopPromise<Void>) {
        self.pod = pod
        self.port = port
        self.ready = ready
    }

    /// Passes `channelActive` on to the handlers after this one and delivers held data.
    /// Call from the event loop, with this handler's context, after adding those handlers.
    /// Throws the tunnel's failure when it ended between readiness and now (the kubelet names
    /// the port, then reports that nothing listens on it).
    package func activate(context: ChannelHandlerContext) throws {
        if let failureBeforeActivation { throw failureBeforeActivation }
        guard !isActive else { return }
        isActive = true
        context.fireChannelActive()
        let pending = held
        held.removeAll()
        heldBytes = 0
        for buffer in pending { context.fireChannelRead(wrapInboundOut(buffer)) }
        if !pending.isEmpty { context.fireChannelReadComplete() }
    }

    package func channelActive(context: ChannelHandlerContext) {
        // The protocol above starts on activate(context:), once the tunnel is ready.
    }

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .binary:
            messageChannel = nil
            read(frame.unmaskedData, fin: frame.fin, context: context)
        case .continuation:
            guard messageChannel != nil else {
                return fail(context: context, .protocolViolation, "a continuation frame came with no message to continue")
            }
            read(frame.unmaskedData, fin: frame.fin, context: context)
        case .text:
            // Only the binary channel protocols are offered; base64 ones were not agreed.
            fail(context: context, .protocolViolation, "the API server sent a text frame on a binary channel protocol")
        case .connectionClose:
            receivedClose = true
            if !sentClose {
                var code = frame.unmaskedData
                let echo = code.readSlice(length: min(2, code.readableBytes)) ?? ByteBuffer()
                sendClose(context: context, data: echo)
            }
            if let error = channelError() {
                fail(context: context, error)
            } else if !isReady {
                fail(context: context, .rejected, "the API server closed the tunnel before naming the port")
            } else {
                context.close(promise: nil)
            }
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .pong:
            break
        default:
            fail(context: context, .protocolViolation, "the API server sent a WebSocket frame of unknown kind \(frame.opcode)")
        }
        _ = frame
    }

    private func read(_ payload: ByteBuffer, fin: Bool, context: ChannelHandlerContext) {
        var payload = payload
        if messageChannel == nil || messageChannel == -1 {
            guard let channel = payload.readInteger(as: UInt8.self) else {
                // A first fragment without even the channel byte: the next one carries it.
                messageChannel = fin ? nil : -1
                return
            }
            guard channel <= 1 else {
                return fail(context: context, .protocolViolation, "the API server sent on channel \(channel), which was not asked for")
            }
            messageChannel = Int(channel)
        }
        guard let channel = messageChannel, channel >= 0 else { return }
        if fin { messageChannel = nil }
        // Each channel's first two bytes are the port it serves.
        while portBytes[channel].count < 2, let byte = payload.readInteger(as: UInt8.self) {
            portBytes[channel].append(byte)
            if portBytes[channel].count == 2 {
                let announced = Int(portBytes[channel][0]) | Int(portBytes[channel][1]) << 8
                guard announced == port else {
                    return fail(context: context, .protocolViolation,
                                "the API server announced port \(announced) on channel \(channel), not \(port)")
                }
                if portBytes[0].count == 2 && portBytes[1].count == 2 {
                    isReady = true
                    ready.succeed(())
                }
            }
        }
        if channel == 1 {
            let room = Self.maximumErrorBytes - errorText.count
            if room > 0, let bytes = payload.readBytes(length: min(room, payload.readableBytes)) { errorText += bytes }
            if fin, let error = channelError() { fail(context: context, error) }
            return
        }
        guard payload.readableBytes > 0 else { return }
        guard portBytes[0].count == 2 else { return }
        if isActive {
            context.fireChannelRead(wrapInboundOut(payload))
        } else {
            heldBytes += payload.readableBytes
            guard heldBytes <= Self.maximumHeldBytes else {
                return fail(context: context, .protocolViolation, "the API server sent more than 1 MiB before the tunnel was in use")
            }
            held.append(payload)
        }
    }

    /// An `IdleStateHandler` before this one says nothing crossed the tunnel for its timeout:
    /// close it, so an abandoned connection does not hold a stream on the API server.
    package func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    package func channelReadComplete(context: ChannelHandlerContext) {
        if isActive { context.fireChannelReadComplete() }
    }

    package func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var buffer = unwrapOutboundIn(data)
        guard buffer.readableBytes > 0 else {
            promise?.succeed(())
            return
        }
        while buffer.readableBytes > 0 {
            let length = min(buffer.readableBytes, Self.maximumOutgoingPayload)
            var chunk = context.channel.allocator.buffer(capacity: length + 1)
            chunk.writeInteger(UInt8(0))
            var slice = buffer.readSlice(length: length)!
            chunk.writeBuffer(&slice)
            let frame = WebSocketFrame(fin: true, opcode: .binary, maskKey: .random(), data: chunk)
            context.write(wrapOutboundOut(frame), promise: buffer.readableBytes == 0 ? promise : nil)
        }
    }

    package func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if mode == .all, context.channel.isActive, !sentClose {
            var code = context.channel.allocator.buffer(capacity: 2)
            code.write(webSocketErrorCode: .normalClosure)
            sendClose(context: context, data: code)
        }
        context.close(mode: mode, promise: promise)
    }

    package func channelInactive(context: ChannelHandlerContext) {
        if !isReady {
            ready.fail(channelError() ?? PortForwardError(.rejected,
                "the API server closed the connection before the tunnel to pod \(pod) port \(port) was ready"))
        }
        if isActive { context.fireChannelInactive() }
    }

    package func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if receivedClose {
            // After a close frame the stream has ended cleanly; a TLS shutdown without
            // close_notify or a reset that follows it says nothing more.
            context.close(promise: nil)
            return
        }
        switch error {
        case NIOWebSocketError.invalidFrameLength:
            fail(context: context, .protocolViolation, "the API server sent a WebSocket frame larger than the tunnel accepts")
        case let error as PortForwardError:
            fail(context: context, error.kind, error.message)
        default:
            if !isReady { ready.fail(error) }
            if isActive { context.fireErrorCaught(error) }
            context.close(promise: nil)
        }
    }

    private func sendClose(context: ChannelHandlerContext, data: ByteBuffer) {
        sentClose = true
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: data)
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    private func fail(context: ChannelHandlerContext, _ kind: PortForwardError.Kind, _ message: String) {
        fail(context: context, PortForwardError(kind, message))
    }

    /// Fails the tunnel once: the readiness promise, or the protocol above, learns why; then closes.
    private func fail(context: ChannelHandlerContext, _ error: PortForwardError) {
        guard !failed else { return }
        failed = true
        held.removeAll()
        if !isReady { ready.fail(error) }
        if isActive { context.fireErrorCaught(error) } else { failureBeforeActivation = error }
        context.close(promise: nil)
    }

    /// What the error channel said, as a failure: the kubelet's (or containerd's) text made one
    /// safe line, and whether it means that nothing listens on the port.
    private func channelError() -> PortForwardError? {
        let raw = String(decoding: errorText, as: UTF8.self)
        // kubelet ends its text with a newline; escape sequences must never reach the screen.
        let text = TerminalText.oneLine(raw)
        guard !text.isEmpty else { return nil }
        if raw.contains("connection refused") {
            return PortForwardError(.refusedByContainer, "pod \(pod) refuses port \(port): nothing listens there (\(text))")
        }
        return PortForwardError(.rejected, "the tunnel to pod \(pod) port \(port) failed: \(text)")
    }
}

