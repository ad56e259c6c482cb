import NIOCore

/// One value of the Redis serialization protocol, RESP2 or RESP3.
///
/// RESP2 has no null type of its own; its null bulk string (`$-1`) and null
/// array (`*-1`) are kept apart from RESP3's `_` so a decoded value can be
/// encoded back byte for byte and tests can say which one the server sent.
package enum RESPValue: Sendable, Hashable {
    /// `+OK`: a short, binary-unsafe status line.
    case simpleString(String)
    /// `-ERR message`: the server refused the command; the first word is the error code.
    case error(String)
    /// `:42`: a signed 64-bit integer.
    case integer(Int64)
    /// `$5\r\nhello`: binary-safe bytes, or `nil` for RESP2's null bulk string `$-1`.
    case bulkString(ByteBuffer?)
    /// `*2\r\n...`: an ordered list, or `nil` for RESP2's null array `*-1`.
    case array([RESPValue]?)
    /// RESP3 `_`: the protocol's single null.
    case null
    /// RESP3 `#t` / `#f`.
    case boolean(Bool)
    /// RESP3 `,3.14`, including `inf`, `-inf` and `nan`.
    case double(Double)
    /// RESP3 `(123...`: an integer too large for 64 bits, kept as its decimal digits.
    case bigNumber(String)
    /// RESP3 `!len`: a binary-safe error.
    case bulkError(String)
    /// RESP3 `=len\r\ntxt:...`: text with a three-letter format (`txt`, `mkd`).
    case verbatimString(format: String, text: String)
    /// RESP3 `%`: key-value pairs in the order the server sent them.
    case map([RESPPair])
    /// RESP3 `~`: an unordered collection.
    case set([RESPValue])
    /// RESP3 `|`: out-of-band attributes followed by the reply they describe.
    indirect case attribute([RESPPair], RESPValue)
    /// RESP3 `>`: data the server sends without a request (invalidations, pub/sub).
    case push([RESPValue])
}

/// One key-value pair of a RESP3 map or attribute.
package struct RESPPair: Sendable, Hashable {
    package var key: RESPValue
    package var value: RESPValue

    package init(key: RESPValue, value: RESPValue) {
        self.key = key
        self.value = value
    }
}

extension RESPValue {
    /// The reply without any attributes wrapped around it; infratop has no use for them.
    var withoutAttributes: RESPValue {
        var value = self
        while case .attribute(_, let reply) = value { value = reply }
        return value
    }

    /// The text of a string-like reply (simple, bulk or verbatim; a big number as its digits), or nil for anything else.
    ///
    /// Bytes that are not UTF-8 are replaced rather than rejected: the dashboard
    /// shows text and a stray byte must not hide the rest of the reply.
    package var text: String? {
        switch self {
        case .simpleString(let string): string
        case .bulkString(let buffer?): String(buffer: buffer)
        case .verbatimString(_, let text): text
        case .bigNumber(let digits): digits
        default: nil
        }
    }

    /// The message of an error reply (simple or bulk), or nil when the reply is not an error.
    package var errorMessage: String? {
        switch self {
        case .error(let message), .bulkError(let message): message
        default: nil
        }
    }

    /// The integer value of an integer reply, or nil for anything else.
    package var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The elements of an array, set or push reply, or nil for anything else.
    package var elements: [RESPValue]? {
        switch self {
        case .array(let elements?), .set(let elements), .push(let elements): elements
        default: nil
        }
    }

    /// A short name for the kind of value, for error sentences ("expected a map, got an integer").
    var kindName: String {
        switch self {
        case .simpleString: "a simple string"
        case .error: "an error"
        case .integer: "an integer"
        case .bulkString(nil): "a null bulk string"
        case .bulkString: "a bulk string"
        case .array(nil): "a null array"
        case .array: "an array"
        case .null: "a null"
        case .boolean: "a boolean"
        case .double: "a double"
        case .bigNumber: "a big number"
        case .bulkError: "a bulk error"
        case .verbatimString: "a verbatim string"
        case .map: "a map"
        case .set: "a set"
        case .attribute: "an attribute"
        case .push: "a push"
        }
    }
}
