/// Why bytes read from a server are not RESP, or are RESP beyond infratop's limits.
///
/// Any of these means the connection can no longer be trusted to be in step with
/// the server, so the connection that sees one closes.
package enum RESPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The first byte of a value is not a RESP type marker.
    case unknownType(UInt8)
    /// A line did not end with CRLF where the protocol requires it.
    case missingCRLF
    /// A header line (length, count, integer) is not a decimal integer in range.
    case invalidInteger(String)
    /// A length or count below -1, or -1 where null is not allowed.
    case invalidLength(Int64)
    /// A RESP3 double that does not parse.
    case invalidDouble(String)
    /// A RESP3 boolean other than `t` or `f`.
    case invalidBoolean(String)
    /// A RESP3 big number that is not an optionally signed run of digits.
    case invalidBigNumber(String)
    /// A verbatim string without its `xxx:` format prefix.
    case invalidVerbatimString
    /// A bulk value declared longer than the limit.
    case bulkTooLong(declared: Int64, limit: Int)
    /// An aggregate declared with more elements than the limit.
    case tooManyElements(declared: Int64, limit: Int)
    /// Aggregates nested deeper than the limit.
    case nestingTooDeep(limit: Int)
    /// A simple line longer than the limit without a CRLF.
    case lineTooLong(limit: Int)

    package var description: String {
        switch self {
        case .unknownType(let byte):
            "reply is not RESP: unexpected type byte 0x\(String(byte, radix: 16, uppercase: true))"
        case .missingCRLF:
            "reply is not RESP: a line does not end with CRLF"
        case .invalidInteger(let text):
            "reply is not RESP: \"\(text.prefix(32))\" is not an integer"
        case .invalidLength(let length):
            "reply is not RESP: invalid length \(length)"
        case .invalidDouble(let text):
            "reply is not RESP: \"\(text.prefix(32))\" is not a double"
        case .invalidBoolean(let text):
            "reply is not RESP: \"\(text.prefix(32))\" is not a boolean"
        case .invalidBigNumber(let text):
            "reply is not RESP: \"\(text.prefix(32))\" is not a big number"
        case .invalidVerbatimString:
            "reply is not RESP: a verbatim string lacks its format prefix"
        case .bulkTooLong(let declared, let limit):
            "reply declares \(declared) bytes, more than the \(limit)-byte limit"
        case .tooManyElements(let declared, let limit):
            "reply declares \(declared) elements, more than the limit of \(limit)"
        case .nestingTooDeep(let limit):
            "reply nests deeper than \(limit) levels"
        case .lineTooLong(let limit):
            "reply has a line longer than \(limit) bytes"
        }
    }
}
