import NIOCore

extension ByteBuffer {
    /// Writes `value` in its RESP2/RESP3 wire form.
    ///
    /// infratop itself only sends commands (``writeRedisCommand(_:)``); this exists
    /// so fakes and tests can speak as a server does, and so the decoder can be
    /// checked against a round trip.
    @discardableResult
    package mutating func writeRESPValue(_ value: RESPValue) -> Int {
        switch value {
        case .simpleString(let string):
            return writeString("+\(string)\r\n")
        case .error(let message):
            return writeString("-\(message)\r\n")
        case .integer(let integer):
            return writeString(":\(integer)\r\n")
        case .bulkString(nil):
            return writeString("$-1\r\n")
        case .bulkString(var bytes?):
            return writeString("$\(bytes.readableBytes)\r\n") + writeBuffer(&bytes) + writeString("\r\n")
        case .array(nil):
            return writeString("*-1\r\n")
        case .array(let elements?):
            return writeAggregate("*", elements)
        case .null:
            return writeString("_\r\n")
        case .boolean(let flag):
            return writeString(flag ? "#t\r\n" : "#f\r\n")
        case .double(let double):
            let text = double.isNaN ? "nan" : double == .infinity ? "inf" : double == -.infinity ? "-inf" : "\(double)"
            return writeString(",\(text)\r\n")
        case .bigNumber(let digits):
            return writeString("(\(digits)\r\n")
        case .bulkError(let message):
            return writeString("!\(message.utf8.count)\r\n\(message)\r\n")
        case .verbatimString(let format, let text):
            return writeString("=\(format.utf8.count + 1 + text.utf8.count)\r\n\(format):\(text)\r\n")
        case .map(let pairs):
            return writePairs("%", pairs)
        case .set(let elements):
            return writeAggregate("~", elements)
        case .attribute(let pairs, let reply):
            return writePairs("|", pairs) + writeRESPValue(reply)
        case .push(let elements):
            return writeAggregate(">", elements)
        }
    }

    private mutating func writeAggregate(_ marker: String, _ elements: [RESPValue]) -> Int {
        elements.reduce(writeString("\(marker)\(elements.count)\r\n")) { $0 + writeRESPValue($1) }
    }

    private mutating func writePairs(_ marker: String, _ pairs: [RESPPair]) -> Int {
        pairs.reduce(writeString("\(marker)\(pairs.count)\r\n")) { $0 + writeRESPValue($1.key) + writeRESPValue($1.value) }
    }
}
