import NIOCore

/// How much one document may claim before the decoder refuses it.
///
/// Every length and count in BSON comes from the network; these bounds turn a corrupt or hostile
/// one into an error instead of a crash, a hang or an allocation without end.
package struct BSONLimits: Sendable, Hashable {
    /// Largest document, in bytes: mongod's own limit for a command reply, `BSONObjMaxInternalSize`
    /// (16 MiB, its `maxBsonObjectSize`, plus 16 KiB of headroom for the reply's own fields).
    package var maxDocumentSize: Int
    /// Deepest nesting of documents and arrays. serverStatus nests five deep; mongod refuses
    /// documents deeper than 180 (its `BSONDepth` default), far more than any reply infratop reads.
    package var maxDepth: Int
    /// Most elements in one decoded document, all levels together. Each costs far more memory
    /// decoded than its two bytes on the wire; serverStatus has a few thousand.
    package var maxElements: Int

    package init(maxDocumentSize: Int = 16 * 1024 * 1024 + 16 * 1024, maxDepth: Int = 64, maxElements: Int = 1 << 19) {
        self.maxDocumentSize = maxDocumentSize
        self.maxDepth = maxDepth
        self.maxElements = maxElements
    }

    package static let `default` = BSONLimits()
}

/// Why bytes are not a BSON document infratop accepts, and where in it.
package struct BSONError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Kind: Sendable, Hashable {
        /// The document or a value inside it declares more bytes than there are.
        case truncated(declared: Int, available: Int)
        /// A length below what its type needs (a document shorter than 5 bytes, a string without room for its NUL).
        case invalidLength(Int)
        /// A document longer than ``BSONLimits/maxDocumentSize``.
        case tooLarge(Int, limit: Int)
        /// A document, string or key that does not end with its NUL byte.
        case missingTerminator
        /// The elements ended (a NUL where a type byte should be) before the declared length did.
        case lengthMismatch(declared: Int, used: Int)
        /// Bytes follow a document that should stand alone.
        case trailingBytes(Int)
        case tooDeep(limit: Int)
        case tooManyElements(limit: Int)
        /// A type byte whose value length cannot be known, so nothing after it can be read.
        case unknownType(UInt8)
        /// A bool byte other than 0 and 1.
        case invalidBool(UInt8)
        /// A key holding a NUL byte, which BSON cannot encode.
        case invalidKey
    }

    package var kind: Kind
    /// The keys from the outermost document down to the element at fault; empty for the document itself.
    package var path: [String]

    package init(_ kind: Kind, path: [String] = []) {
        self.kind = kind
        self.path = path
    }

    package var description: String {
        let place = path.isEmpty ? "the document" : "\"\(path.joined(separator: "."))\""
        switch kind {
        case .truncated(let declared, let available):
            return "\(place) declares \(declared) bytes but only \(available) remain"
        case .invalidLength(let length):
            return "\(place) has an impossible length \(length)"
        case .tooLarge(let length, let limit):
            return "\(place) is \(length) bytes, over the \(limit)-byte limit"
        case .missingTerminator:
            return "\(place) does not end with its NUL byte"
        case .lengthMismatch(let declared, let used):
            return "\(place) declares \(declared) bytes but ends after \(used)"
        case .trailingBytes(let count):
            return "\(count) bytes follow the document"
        case .tooDeep(let limit):
            return "\(place) nests deeper than \(limit) levels"
        case .tooManyElements(let limit):
            return "\(place) holds more than \(limit) elements"
        case .unknownType(let type):
            return "\(place) has BSON type 0x\(String(type, radix: 16, uppercase: true)), whose length cannot be known"
        case .invalidBool(let byte):
            return "\(place) is a bool of byte \(byte), neither 0 nor 1"
        case .invalidKey:
            return "\(place) has a key with a NUL byte"
        }
    }
}

/// Reads BSON documents within ``BSONLimits``.
///
/// Every length is checked against the bytes its container has left before anything is read or
/// allocated, and every nested value is read from a slice of its parent, so no inner length can
/// reach past its document. Types outside ``BSONValue`` whose length the encoding gives (undefined,
/// regular expression, DBPointer, JavaScript with or without scope, symbol, decimal128, min and max
/// key) are skipped, their keys left out; any other type byte ends decoding with an error, since
/// nothing after it can be found.
package struct BSONDecoder: Sendable {
    package var limits: BSONLimits

    package init(limits: BSONLimits = .default) {
        self.limits = limits
    }

    /// Decodes one document from the front of `buffer`, moving its reader index past it.
    package func decodeDocument(from buffer: inout ByteBuffer) throws(BSONError) -> BSONDocument {
        var state = State(limits: limits)
        return try state.readDocument(&buffer, depth: 1)
    }

    /// Decodes `bytes`, which must hold exactly one document.
    package func decodeDocument(_ bytes: [UInt8]) throws(BSONError) -> BSONDocument {
        var buffer = ByteBuffer(bytes: bytes)
        let document = try decodeDocument(from: &buffer)
        guard buffer.readableBytes == 0 else {
            throw BSONError(.trailingBytes(buffer.readableBytes))
        }
        return document
    }

    private struct State {
        let limits: BSONLimits
        var elementCount = 0

        init(limits: BSONLimits) { self.limits = limits }

        mutating func readDocument(_ buffer: inout ByteBuffer, depth: Int) throws(BSONError) -> BSONDocument {
            var (body, declared) = try documentBody(&buffer, depth: depth)
            var document = BSONDocument()
            while body.readableBytes > 0 {
                if let element = try readElement(&body, declared: declared, depth: depth) {
                    document.elements.append(element)
                }
            }
            return document
        }

        mutating func readArray(_ buffer: inout ByteBuffer, depth: Int) throws(BSONError) -> [BSONValue] {
            // An array is a document keyed "0", "1", …; the keys are not checked, as mongod does not.
            var (body, declared) = try documentBody(&buffer, depth: depth)
            var values: [BSONValue] = []
            while body.readableBytes > 0 {
                if let element = try readElement(&body, declared: declared, depth: depth) {
                    values.append(element.value)
                }
            }
            return values
        }

        /// The document's elements, without its length and its terminating NUL, as a slice, and the
        /// length it declared; `buffer` moves past the document.
        private func documentBody(_ buffer: inout ByteBuffer, depth: Int) throws(BSONError) -> (ByteBuffer, Int) {
            guard depth <= limits.maxDepth else { throw BSONError(.tooDeep(limit: limits.maxDepth)) }
            guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: Int32.self) else {
                throw BSONError(.truncated(declared: 4, available: buffer.readableBytes))
            }
            let declared = Int(length)
            guard declared >= 5 else { throw BSONError(.invalidLength(declared)) }
            guard declared <= limits.maxDocumentSize else { throw BSONError(.tooLarge(declared, limit: limits.maxDocumentSize)) }
            guard declared <= buffer.readableBytes else {
                throw BSONError(.truncated(declared: declared, available: buffer.readableBytes))
            }
            guard buffer.getInteger(at: buffer.readerIndex + declared - 1, as: UInt8.self) == 0 else {
                throw BSONError(.missingTerminator)
            }
            buffer.moveReaderIndex(forwardBy: 4)
            let body = buffer.readSlice(length: declared - 5)!
            buffer.moveReaderIndex(forwardBy: 1)
            return (body, declared)
        }

        /// One element; nil for a type that is skipped. `body` holds the rest of the document's
        /// elements, so a value cannot run past its document.
        private mutating func readElement(_ body: inout ByteBuffer, declared: Int, depth: Int) throws(BSONError) -> BSONElement? {
            elementCount += 1
            guard elementCount <= limits.maxElements else { throw BSONError(.tooManyElements(limit: limits.maxElements)) }
            let type = body.readInteger(as: UInt8.self)!
            guard type != 0 else {
                // A terminator before the declared end: the document is shorter than it says.
                throw BSONError(.lengthMismatch(declared: declared, used: declared - 1 - body.readableBytes))
            }
            let key = try readCString(&body)
            do {
                return try readValue(type: type, from: &body, depth: depth).map { BSONElement(key: key, value: $0) }
            } catch {
                throw BSONError(error.kind, path: [key] + error.path)
            }
        }

        private mutating func readValue(type: UInt8, from buffer: inout ByteBuffer, depth: Int) throws(BSONError) -> BSONValue? {
            switch type {
            case 0x01: return .double(Double(bitPattern: try fixed(&buffer, as: UInt64.self)))
            case 0x02: return .string(try readString(&buffer))
            case 0x03: return .document(try readDocument(&buffer, depth: depth + 1))
            case 0x04: return .array(try readArray(&buffer, depth: depth + 1))
            case 0x05:
                let length = Int(try fixed(&buffer, as: Int32.self))
                guard length >= 0 else { throw BSONError(.invalidLength(length)) }
                let subtype = try fixed(&buffer, as: UInt8.self)
                guard length <= buffer.readableBytes else { throw BSONError(.truncated(declared: length, available: buffer.readableBytes)) }
                return .binary(subtype: subtype, bytes: buffer.readBytes(length: length)!)
            case 0x06, 0x0A, 0x7F, 0xFF:
                // undefined, null, max key, min key: no bytes.
                return type == 0x0A ? .null : nil
            case 0x07:
                try need(12, in: buffer)
                return .objectID(BSONObjectID(bytes: buffer.readBytes(length: 12)!)!)
            case 0x08:
                let byte = try fixed(&buffer, as: UInt8.self)
                guard byte <= 1 else { throw BSONError(.invalidBool(byte)) }
                return .bool(byte == 1)
            case 0x09: return .date(try fixed(&buffer, as: Int64.self))
            case 0x0B:
                // Regular expression: pattern and options, two C strings.
                _ = try readCString(&buffer)
                _ = try readCString(&buffer)
                return nil
            case 0x0C:
                // DBPointer: a string and 12 bytes.
                _ = try readString(&buffer)
                try need(12, in: buffer)
                buffer.moveReaderIndex(forwardBy: 12)
                return nil
            case 0x0D, 0x0E:
                // JavaScript code, symbol: a string.
                _ = try readString(&buffer)
                return nil
            case 0x0F:
                // JavaScript with scope: an int32 total length that counts itself.
                let length = Int(try fixed(&buffer, as: Int32.self))
                guard length >= 4 + 5 + 5 else { throw BSONError(.invalidLength(length)) }
                try need(length - 4, in: buffer)
                buffer.moveReaderIndex(forwardBy: length - 4)
                return nil
            case 0x10: return .int32(try fixed(&buffer, as: Int32.self))
            case 0x11:
                let raw = try fixed(&buffer, as: UInt64.self)
                return .timestamp(BSONTimestamp(seconds: UInt32(truncatingIfNeeded: raw >> 32), increment: UInt32(truncatingIfNeeded: raw)))
            case 0x12: return .int64(try fixed(&buffer, as: Int64.self))
            case 0x13:
                // decimal128: 16 bytes.
                try need(16, in: buffer)
                buffer.moveReaderIndex(forwardBy: 16)
                return nil
            default:
                throw BSONError(.unknownType(type))
            }
        }

        private func need(_ count: Int, in buffer: ByteBuffer) throws(BSONError) {
            guard buffer.readableBytes >= count else { throw BSONError(.truncated(declared: count, available: buffer.readableBytes)) }
        }

        private func fixed<T: FixedWidthInteger>(_ buffer: inout ByteBuffer, as: T.Type) throws(BSONError) -> T {
            guard let value = buffer.readInteger(endianness: .little, as: T.self) else {
                throw BSONError(.truncated(declared: MemoryLayout<T>.size, available: buffer.readableBytes))
            }
            return value
        }

        /// A string: int32 length counting its NUL, the UTF-8 bytes, the NUL.
        private func readString(_ buffer: inout ByteBuffer) throws(BSONError) -> String {
            let length = Int(try fixed(&buffer, as: Int32.self))
            guard length >= 1 else { throw BSONError(.invalidLength(length)) }
            guard length <= buffer.readableBytes else { throw BSONError(.truncated(declared: length, available: buffer.readableBytes)) }
            guard buffer.getInteger(at: buffer.readerIndex + length - 1, as: UInt8.self) == 0 else {
                throw BSONError(.missingTerminator)
            }
            let text = buffer.readString(length: length - 1)!
            buffer.moveReaderIndex(forwardBy: 1)
            return text
        }

        /// A key or other C string: bytes up to a NUL.
        private func readCString(_ buffer: inout ByteBuffer) throws(BSONError) -> String {
            guard let end = buffer.withUnsafeReadableBytes({ $0.firstIndex(of: 0) }) else {
                throw BSONError(.missingTerminator)
            }
            let text = buffer.readString(length: end)!
            buffer.moveReaderIndex(forwardBy: 1)
            return text
        }
    }
}

/// Writes BSON documents.
package enum BSONEncoder {
    /// `document` as bytes.
    package static func encode(_ document: BSONDocument) throws(BSONError) -> ByteBuffer {
        var buffer = ByteBuffer()
        try write(document, into: &buffer)
        return buffer
    }

    /// Appends `document` to `buffer`.
    package static func write(_ document: BSONDocument, into buffer: inout ByteBuffer) throws(BSONError) {
        try writeElements(document.elements.lazy.map { ($0.key, $0.value) }, into: &buffer)
    }

    private static func writeElements<Elements: Sequence>(_ elements: Elements, into buffer: inout ByteBuffer) throws(BSONError)
    where Elements.Element == (String, BSONValue) {
        let start = buffer.writerIndex
        buffer.writeInteger(Int32(0), endianness: .little)
        for (key, value) in elements {
            guard !key.utf8.contains(0) else { throw BSONError(.invalidKey, path: [key]) }
            buffer.writeInteger(value.typeByte)
            buffer.writeString(key)
            buffer.writeInteger(UInt8(0))
            do {
                try writeValue(value, into: &buffer)
            } catch {
                throw BSONError(error.kind, path: [key] + error.path)
            }
        }
        buffer.writeInteger(UInt8(0))
        buffer.setInteger(Int32(truncatingIfNeeded: buffer.writerIndex - start), at: start, endianness: .little)
    }

    private static func writeValue(_ value: BSONValue, into buffer: inout ByteBuffer) throws(BSONError) {
        switch value {
        case .double(let number): buffer.writeInteger(number.bitPattern, endianness: .little)
        case .string(let text):
            buffer.writeInteger(Int32(truncatingIfNeeded: text.utf8.count + 1), endianness: .little)
            buffer.writeString(text)
            buffer.writeInteger(UInt8(0))
        case .document(let document): try write(document, into: &buffer)
        case .array(let values): try writeElements(values.enumerated().lazy.map { (String($0.offset), $0.element) }, into: &buffer)
        case .binary(let subtype, let bytes):
            buffer.writeInteger(Int32(truncatingIfNeeded: bytes.count), endianness: .little)
            buffer.writeInteger(subtype)
            buffer.writeBytes(bytes)
        case .objectID(let id): buffer.writeBytes(id.bytes)
        case .bool(let flag): buffer.writeInteger(UInt8(flag ? 1 : 0))
        case .date(let milliseconds): buffer.writeInteger(milliseconds, endianness: .little)
        case .null: break
        case .int32(let number): buffer.writeInteger(number, endianness: .little)
        case .timestamp(let ts): buffer.writeInteger(UInt64(ts.seconds) << 32 | UInt64(ts.increment), endianness: .little)
        case .int64(let number): buffer.writeInteger(number, endianness: .little)
        }
    }
}
