import InfraTopBasics
import NIOCore

/// Kafka's framing: an int32 size, then that many bytes. A size that is negative or over the
/// limit is a ``KafkaProtocolError``: the peer is probably not a Kafka broker.
package enum KafkaFraming: LengthPrefixedFraming {
    package static func negativeLength(_ length: Int32) -> KafkaProtocolError { .negativeFrameSize(length) }
    package static func tooLarge(_ length: Int, limit: Int) -> KafkaProtocolError { .frameTooLarge(size: length, limit: limit) }
}

/// Splits a byte stream into Kafka frames.
package typealias KafkaFrameDecoder = LengthPrefixedFrameDecoder<KafkaFraming>

extension LengthPrefixedFrameDecoder where Framing == KafkaFraming {
    /// 100 MiB: far above any admin response infratop asks for, far below what would hurt the dashboard.
    package static var defaultMaximumFrameSize: Int { 100 * 1024 * 1024 }

    package init(maximumFrameSize: Int = defaultMaximumFrameSize) {
        self.init(maximumLength: maximumFrameSize)
    }

    /// The largest frame body accepted, in bytes.
    package var maximumFrameSize: Int { maximumLength }
}
