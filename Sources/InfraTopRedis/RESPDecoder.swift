import NIOCore

/// Decodes RESP2 and RESP3 values from the front of a `ByteBuffer`, one at a time.
///
/// The decoder is incremental in the way NIO decoders are: when the buffer holds
/// only part of a value it returns `nil` and consumes nothing, so the caller can
/// append more bytes and ask again. Bytes that are not RESP, or that claim more
/// than ``RESPLimits`` allows, throw ``RESPError`` before anything is allocated
/// for them.
package struct RESPDecoder: Sendable {
    package var limits: RESPLimits

    package init(limits: RESPLimits = .default) {
        self.limits = limits
    }

    /// Decodes one value and moves the reader index past it, or returns `nil`
    /// (leaving the buffer untouched) when the value is not complete yet.
    package func decode(_ buffer: inout ByteBuffer) throws(RESPError) -> RESPValue? {
        guard let (value, end) = try parseValue(in: buffer, at: buffer.readerIndex, depth: 0) else {
            return nil
        }
        buffer.moveReaderIndex(to: end)
        return value
    }

    private static let markers: Set<UInt8> = Set("+-:_#,($!=*~>%|".utf8)

    // MARK: - Values

    /// Parses the value starting at `index`; returns it with the index just past it.
    private func parseValue(in buffer: ByteBuffer, at index: Int, depth: Int) throws(RESPError) -> (RESPValue, Int)? {
        guard let marker = buffer.getInteger(at: index, as: UInt8.self) else { return nil }
        // Reject a foreign first byte at once instead of waiting for a CRLF that may never come.
        guard Self.markers.contains(marker) else { throw .unknownType(marker) }
        guard let (line, next) = try readLine(in: buffer, at: index + 1) else { return nil }

        switch marker {
        case UInt8(ascii: "+"):
            return (.simpleString(String(decoding: line, as: UTF8.self)), next)
        case UInt8(ascii: "-"):
            return (.error(String(decoding: line, as: UTF8.self)), next)
        case UInt8(ascii: ":"):
            return (.integer(try integer(line)), next)
        case UInt8(ascii: "_"):
            guard line.isEmpty else { throw .missingCRLF }
            return (.null, next)
        case UInt8(ascii: "#"):
            switch line.count == 1 ? line.first : nil {
            case UInt8(ascii: "t"): return (.boolean(true), next)
            case UInt8(ascii: "f"): return (.boolean(false), next)
            default: throw .invalidBoolean(String(decoding: line, as: UTF8.self))
            }
        case UInt8(ascii: ","):
            return (.double(try double(line)), next)
        case UInt8(ascii: "("):
            return (.bigNumber(try bigNumber(line)), next)
        case UInt8(ascii: "$"):
            let length = try integer(line)
            if length == -1 { return (.bulkString(nil), next) }
            guard let (bytes, end) = try readBulk(in: buffer, at: next, length: length) else { return nil }
            return (.bulkString(bytes), end)
        case UInt8(ascii: "!"):
            guard let (bytes, end) = try readBulk(in: buffer, at: next, length: try integer(line)) else { return nil }
            return (.bulkError(String(buffer: bytes)), end)
        case UInt8(ascii: "="):
            guard let (bytes, end) = try readBulk(in: buffer, at: next, length: try integer(line)) else { return nil }
            return (try verbatim(bytes), end)
        case UInt8(ascii: "*"):
            let count = try integer(line)
            if count == -1 { return (.array(nil), next) }
            guard let (elements, end) = try parseElements(in: buffer, at: next, count: count, depth: depth) else { return nil }
            return (.array(elements), end)
        case UInt8(ascii: "~"):
            guard let (elements, end) = try parseElements(in: buffer, at: next, count: try integer(line), depth: depth) else { return nil }
            return (.set(elements), end)
        case UInt8(ascii: ">"):
            guard let (elements, end) = try parseElements(in: buffer, at: next, count: try integer(line), depth: depth) else { return nil }
            return (.push(elements), end)
        case UInt8(ascii: "%"):
            guard let (pairs, end) = try parsePairs(in: buffer, at: next, count: try integer(line), depth: depth) else { return nil }
            return (.map(pairs), end)
        case UInt8(ascii: "|"):
            guard let (pairs, afterPairs) = try parsePairs(in: buffer, at: next, count: try integer(line), depth: depth),
                  let (reply, end) = try parseValue(in: buffer, at: afterPairs, depth: depth + 1)
            else { return nil }
            return (.attribute(pairs, reply), end)
        default:
            throw .unknownType(marker)
        }
    }

    private func parseElements(in buffer: ByteBuffer, at index: Int, count: Int64, depth: Int) throws(RESPError) -> ([RESPValue], Int)? {
        try checkAggregate(count: count, depth: depth)
        // No reserveCapacity: `count` came from the network and the elements may never arrive.
        var elements: [RESPValue] = []
        var cursor = index
        for _ in 0..<count {
            guard let (element, next) = try parseValue(in: buffer, at: cursor, depth: depth + 1) else { return nil }
            elements.append(element)
            cursor = next
        }
        return (elements, cursor)
    }

    private func parsePairs(in buffer: ByteBuffer, at index: Int, count: Int64, depth: Int) throws(RESPError) -> ([RESPPair], Int)? {
        try checkAggregate(count: count, depth: depth)
        var pairs: [RESPPair] = []
        var cursor = index
        for _ in 0..<count {
            guard let (key, afterKey) = try parseValue(in: buffer, at: cursor, depth: depth + 1),
                  let (value, afterValue) = try parseValue(in: buffer, at: afterKey, depth: depth + 1)
            else { return nil }
            pairs.append(RESPPair(key: key, value: value))
            cursor = afterValue
        }
        return (pairs, cursor)
    }

    private func checkAggregate(count: Int64, depth: Int) throws(RESPError) {
        guard count >= 0 else { throw .invalidLength(count) }
        guard count <= limits.maxAggregateCount else {
            throw .tooManyElements(declared: count, limit: limits.maxAggregateCount)
        }
        guard depth < limits.maxDepth else { throw .nestingTooDeep(limit: limits.maxDepth) }
    }

    // MARK: - Lines and bulk payloads

    /// Finds the CRLF-terminated line starting at `index`; returns its bytes and the index after the CRLF.
    private func readLine(in buffer: ByteBuffer, at index: Int) throws(RESPError) -> (ByteBufferView, Int)? {
        let available = buffer.writerIndex - index
        let searched = min(available, limits.maxLineLength + 1)
        guard let window = buffer.viewBytes(at: index, length: searched) else { return nil }
        guard let carriageReturn = window.firstIndex(of: UInt8(ascii: "\r")) else {
            if available > limits.maxLineLength { throw .lineTooLong(limit: limits.maxLineLength) }
            return nil
        }
        guard let lineFeed = buffer.getInteger(at: carriageReturn + 1, as: UInt8.self) else { return nil }
        guard lineFeed == UInt8(ascii: "\n") else { throw .missingCRLF }
        return (window[index..<carriageReturn], carriageReturn + 2)
    }

    /// Reads `length` bytes and their closing CRLF, after checking the length against the limit.
    private func readBulk(in buffer: ByteBuffer, at index: Int, length: Int64) throws(RESPError) -> (ByteBuffer, Int)? {
        guard length >= 0 else { throw .invalidLength(length) }
        guard length <= limits.maxBulkLength else {
            throw .bulkTooLong(declared: length, limit: limits.maxBulkLength)
        }
        let count = Int(length)
        guard buffer.writerIndex - index >= count + 2,
              let bytes = buffer.getSlice(at: index, length: count),
              let terminator = buffer.getInteger(at: index + count, as: UInt16.self)
        else { return nil }
        guard terminator == 0x0D0A else { throw .missingCRLF }
        return (bytes, index + count + 2)
    }

    // MARK: - Scalars

    private func integer(_ line: ByteBufferView) throws(RESPError) -> Int64 {
        let text = String(decoding: line, as: UTF8.self)
        guard let value = Int64(text) else { throw .invalidInteger(text) }
        return value
    }

    private func double(_ line: ByteBufferView) throws(RESPError) -> Double {
        let text = String(decoding: line, as: UTF8.self)
        // Swift also accepts hexadecimal floats and "infinity"; RESP3 allows only decimal, inf and nan.
        let allowed = text == "inf" || text == "-inf" || text == "nan"
            || (!text.isEmpty && text.utf8.allSatisfy { byte in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
            })
        guard allowed, let value = Double(text) else { throw .invalidDouble(text) }
        return value
    }

    private func bigNumber(_ line: ByteBufferView) throws(RESPError) -> String {
        let text = String(decoding: line, as: UTF8.self)
        let digits = text.utf8.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
        guard text.utf8.count - digits.count <= 1, !digits.isEmpty,
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { throw .invalidBigNumber(text) }
        return text
    }

    private func verbatim(_ bytes: ByteBuffer) throws(RESPError) -> RESPValue {
        // The payload is "fmt:text": a three-byte format, a colon, then the text.
        guard bytes.readableBytes >= 4,
              bytes.getInteger(at: bytes.readerIndex + 3, as: UInt8.self) == UInt8(ascii: ":"),
              let format = bytes.getString(at: bytes.readerIndex, length: 3),
              let text = bytes.getString(at: bytes.readerIndex + 4, length: bytes.readableBytes - 4)
        else { throw .invalidVerbatimString }
        return .verbatimString(format: format, text: text)
    }
}
