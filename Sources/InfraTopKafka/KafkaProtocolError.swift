/// A reason the bytes received from (or about to be sent to) a Kafka broker do
/// not follow the Kafka protocol.
///
/// Decoders throw this instead of trapping: input from the network is never
/// trusted. Each case renders as a sentence a person can act on.
package enum KafkaProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data ended before a value of `what` could be read.
    case truncated(what: String, needed: Int, available: Int)
    /// A length or count was negative where only -1 (null) is allowed.
    case negativeLength(what: String, length: Int64)
    /// A length or count claims more bytes or elements than the data can hold.
    case lengthExceedsRemaining(what: String, length: Int64, remaining: Int)
    /// A variable-length integer ran past its maximum number of bytes.
    case malformedVarint(what: String)
    /// A null appeared where the message schema does not allow one.
    case unexpectedNull(what: String)
    /// A field holds a value its schema does not define.
    case invalidValue(what: String, value: Int64)
    /// A value is too large to encode in its wire field.
    case valueTooLarge(what: String, size: Int, limit: Int)
    /// The API version is outside the range this codec implements.
    case unsupportedVersion(apiKey: Int16, version: Int16, supported: ClosedRange<Int16>)
    /// The response answers a different request than the one expected.
    case correlationIDMismatch(expected: Int32, received: Int32)
    /// A frame's size prefix exceeds the configured maximum.
    case frameTooLarge(size: Int, limit: Int)
    /// A frame's size prefix is negative.
    case negativeFrameSize(Int32)

    package var description: String {
        switch self {
        case let .truncated(what, needed, available):
            return "Kafka data ended early: reading \(what) needs \(needed) bytes but only \(available) remain; the broker's reply is truncated or not Kafka."
        case let .negativeLength(what, length):
            return "Kafka \(what) has a negative length \(length); only -1 (null) is allowed, so the reply is corrupt."
        case let .lengthExceedsRemaining(what, length, remaining):
            return "Kafka \(what) claims length \(length) but only \(remaining) bytes remain; the reply is corrupt or truncated."
        case let .malformedVarint(what):
            return "Kafka \(what) is a varint longer than its maximum size; the reply is corrupt."
        case let .unexpectedNull(what):
            return "Kafka \(what) is null where the protocol requires a value; the reply is corrupt."
        case let .invalidValue(what, value):
            return "Kafka \(what) has the undefined value \(value); the peer speaks a different protocol version or the data is corrupt."
        case let .valueTooLarge(what, size, limit):
            return "Kafka \(what) of size \(size) exceeds the protocol limit of \(limit); shorten it."
        case let .unsupportedVersion(apiKey, version, supported):
            return "Kafka API \(KafkaAPIKey(rawValue: apiKey).name) version \(version) is not supported by infratop (it speaks \(supported.lowerBound)–\(supported.upperBound)); negotiate with ApiVersions first."
        case let .correlationIDMismatch(expected, received):
            return "Kafka reply carries correlation id \(received) but \(expected) was expected; the connection is out of step and should be reopened."
        case let .frameTooLarge(size, limit):
            return "Kafka frame of \(size) bytes exceeds the \(limit)-byte limit; the peer is probably not a Kafka broker (TLS or HTTP on a PLAINTEXT port?)."
        case let .negativeFrameSize(size):
            return "Kafka frame has a negative size \(size); the peer is probably not a Kafka broker."
        }
    }
}
