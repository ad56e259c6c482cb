import NIOCore

/// How a protocol whose messages travel as a big-endian Int32 length and then that many bytes
/// (Kafka, ZooKeeper's jute) names a length it refuses.
package protocol LengthPrefixedFraming: Sendable {
    associatedtype Failure: Error
    static func negativeLength(_ length: Int32) -> Failure
    static func tooLarge(_ length: Int, limit: Int) -> Failure
}

/// Splits a byte stream into length-prefixed frames, for every protocol that frames so.
///
/// The length is checked before waiting for the body, so a peer that is not what it should be
/// (TLS, HTTP, a garbled stream) fails at once instead of making us buffer up to 2 GiB. That is
/// why this is not swift-nio-extras' `LengthFieldBasedFrameDecoder`, which has no limit below
/// `Int32.max` and would wait for, and hold, whatever length a hostile peer announces.
package struct LengthPrefixedFrameDecoder<Framing: LengthPrefixedFraming>: ByteToMessageDecoder, Sendable {
    package typealias InboundOut = ByteBuffer

    /// The largest frame body accepted, in bytes.
    package let maximumLength: Int

    package init(maximumLength: Int) {
        self.maximumLength = maximumLength
    }

    /// Removes one complete frame from the front of `buffer` and returns its body (without the
    /// length), or returns nil and leaves `buffer` untouched while more bytes are needed.
    package func nextFrame(from buffer: inout ByteBuffer) throws(Framing.Failure) -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: Int32.self) else {
            return nil
        }
        guard length >= 0 else { throw Framing.negativeLength(length) }
        guard Int(length) <= maximumLength else { throw Framing.tooLarge(Int(length), limit: maximumLength) }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(length))
    }

    package mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try nextFrame(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    package mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A partial frame at EOF is dropped: the request handler reports the closed connection.
        try decode(context: context, buffer: &buffer)
    }
}
