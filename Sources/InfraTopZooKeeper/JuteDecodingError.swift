/// Bytes from a ZooKeeper server that are not the jute protocol as we speak it.
///
/// A decoder throws this for garbage; "not enough bytes yet" is never an error but `nil`.
package enum JuteDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A frame announced a negative length.
    case negativeFrameLength(Int32)
    /// A frame announced more bytes than we accept.
    case frameTooLarge(length: Int, limit: Int)
    /// A complete frame ended before the field it should hold.
    case truncated(field: String)
    /// A length or count inside a frame is negative (other than the -1 that jute uses for null) or larger than the frame.
    case invalidLength(field: String, length: Int32)
    /// A string field is not UTF-8.
    case invalidUTF8(field: String)
    /// A frame carried bytes after the last field we expected.
    case trailingBytes(count: Int)
    /// A reply's xid matches no request we sent.
    case unexpectedXid(Int32)

    package var description: String {
        switch self {
        case .negativeFrameLength(let length): "a frame announced a negative length (\(length))"
        case .frameTooLarge(let length, let limit): "a frame of \(length) bytes exceeds the \(limit)-byte limit"
        case .truncated(let field): "a frame ended before its \(field)"
        case .invalidLength(let field, let length): "the \(field) has an impossible length (\(length))"
        case .invalidUTF8(let field): "the \(field) is not UTF-8"
        case .trailingBytes(let count): "a frame carried \(count) unexpected bytes at its end"
        case .unexpectedXid(let xid): "a reply carried xid \(xid), which matches no request"
        }
    }
}
