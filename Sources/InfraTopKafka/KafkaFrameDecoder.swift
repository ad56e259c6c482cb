import NIOCore

/// Splits a byte stream into Kafka frames: an int32 size, then that many bytes.
///
/// The size is checked before waiting for the body, so a peer that is not a
/// Kafka broker (TLS, HTTP) fails fast instead of making us buffer gigabytes.
public struct KafkaFrameDecoder: Sendable {
    /// 100 MiB: far above any admin response infratop asks for, far below
    /// what would hurt the dashboard.
    public static let defaultMaximumFrameSize = 100 * 1024 * 1024

    /// The largest frame body accepted, in bytes.
    public let maximumFrameSize: Int

    public init(maximumFrameSize: Int = KafkaFrameDecoder.defaultMaximumFrameSize) {
        self.maximumFrameSize = maximumFrameSize
    }

    /// Removes one complete frame from the front of `buffer` and returns its
    /// body (without the size prefix), or returns nil and leaves `buffer`
    /// untouched when more bytes are needed.
    public func nextFrame(from buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let size = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: Int32.self) else {
            return nil
        }
        guard size >= 0 else { throw KafkaProtocolError.negativeFrameSize(size) }
        guard Int(size) <= maximumFrameSize else {
            throw KafkaProtocolError.frameTooLarge(size: Int(size), limit: maximumFrameSize)
        }
        guard buffer.readableBytes >= 4 + Int(size) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(size))
    }
}

extension KafkaFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try nextFrame(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }
}
