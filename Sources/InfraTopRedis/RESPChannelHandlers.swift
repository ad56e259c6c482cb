import NIOCore

/// Turns the bytes a Redis server sends into ``RESPValue``s for the next handler.
package struct RESPValueDecoder: ByteToMessageDecoder {
    package typealias InboundOut = RESPValue

    private let decoder: RESPDecoder

    package init(limits: RESPLimits = .default) {
        self.decoder = RESPDecoder(limits: limits)
    }

    package mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let value = try decoder.decode(&buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(value))
        return .continue
    }

    package mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A partial reply at EOF is simply lost with the connection; the request handler reports the close.
        try decode(context: context, buffer: &buffer)
    }
}

/// Encodes outgoing ``RedisCommand``s as RESP arrays of bulk strings.
package struct RedisCommandEncoder: MessageToByteEncoder {
    package typealias OutboundIn = RedisCommand

    package init() {}

    package func encode(data: RedisCommand, out: inout ByteBuffer) throws {
        out.writeRedisCommand(data)
    }
}
