import InfraTopBasics
import NIOCore

/// Jute's framing: a big-endian Int32 length, then that many bytes.
package enum JuteFraming: LengthPrefixedFraming {
    package static func negativeLength(_ length: Int32) -> JuteDecodingError { .negativeFrameLength(length) }
    package static func tooLarge(_ length: Int, limit: Int) -> JuteDecodingError { .frameTooLarge(length: length, limit: limit) }
}

/// Splits the byte stream from a ZooKeeper server into frames.
package typealias JuteFrameDecoder = LengthPrefixedFrameDecoder<JuteFraming>

extension LengthPrefixedFrameDecoder where Framing == JuteFraming {
    /// The default largest frame we accept. ZooKeeper's own client default (`jute.maxbuffer`) is 1 MiB
    /// of payload; Kafka's znodes are far smaller.
    static var defaultMaximumFrameLength: Int { 1 << 20 }

    package init(maximumFrameLength: Int = defaultMaximumFrameLength) {
        self.init(maximumLength: maximumFrameLength)
    }

    /// Takes one complete frame's payload off the front of `buffer`; nil while it is incomplete.
    package static func nextFrame(from buffer: inout ByteBuffer, maximumFrameLength: Int) throws(JuteDecodingError) -> ByteBuffer? {
        try Self(maximumLength: maximumFrameLength).nextFrame(from: &buffer)
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
