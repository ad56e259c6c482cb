import NIOCore

/// Splits the byte stream from a ZooKeeper server into frames: a big-endian Int32 length, then that many bytes.
public struct JuteFrameDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = ByteBuffer

    /// The default largest frame we accept. ZooKeeper's own client default (`jute.maxbuffer`) is 1 MiB
    /// of payload; Kafka's znodes are far smaller.
    public static let defaultMaximumFrameLength = 1 << 20

    public let maximumFrameLength: Int

    public init(maximumFrameLength: Int = JuteFrameDecoder.defaultMaximumFrameLength) {
        self.maximumFrameLength = maximumFrameLength
    }

    /// Takes one complete frame's payload off the front of `buffer`.
    ///
    /// Returns nil and leaves `buffer` untouched while the frame is incomplete; throws for a length
    /// that is negative or over `maximumFrameLength`, before waiting for (or allocating) that many bytes.
    public static func nextFrame(from buffer: inout ByteBuffer, maximumFrameLength: Int) throws(JuteDecodingError) -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: Int32.self) else {
            return nil
        }
        guard length >= 0 else { throw .negativeFrameLength(length) }
        guard Int(length) <= maximumFrameLength else {
            throw .frameTooLarge(length: Int(length), limit: maximumFrameLength)
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(length))
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try Self.nextFrame(from: &buffer, maximumFrameLength: maximumFrameLength) else {
            return .needMoreData
        }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A partial frame at EOF is dropped: the connection handler reports the closed connection.
        try decode(context: context, buffer: &buffer)
    }
}

extension ByteBuffer {
    /// Prefixes `payload` with its length, as every jute message travels.
    static func juteFrame(_ payload: ByteBuffer) -> ByteBuffer {
        var frame = ByteBuffer()
        frame.reserveCapacity(4 + payload.readableBytes)
        frame.writeJuteInt(Int32(payload.readableBytes))
        var payload = payload
        frame.writeBuffer(&payload)
        return frame
    }
}
