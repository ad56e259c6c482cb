import NIOCore

/// Reads Kafka protocol primitives from a `ByteBuffer`, checking every length
/// against the bytes that remain before reading or allocating.
///
/// `isFlexible` selects the encoding of strings, bytes and arrays: flexible
/// message versions use compact forms (unsigned varint length + 1) and carry
/// tagged-field sections; older versions use fixed-width lengths.
package struct KafkaReader: Sendable {
    /// The unread bytes.
    package private(set) var buffer: ByteBuffer
    /// Whether the message version being read uses the flexible encoding.
    package let isFlexible: Bool

    /// Creates a reader over `buffer` for a flexible or non-flexible version.
    package init(buffer: ByteBuffer, isFlexible: Bool = false) {
        self.buffer = buffer
        self.isFlexible = isFlexible
    }

    /// The number of bytes not read yet.
    package var remainingBytes: Int { buffer.readableBytes }

    // MARK: Fixed-width integers

    private mutating func readFixed<T: FixedWidthInteger>(_ type: T.Type, _ what: String) throws -> T {
        guard let value = buffer.readInteger(endianness: .big, as: T.self) else {
            throw KafkaProtocolError.truncated(
                what: what, needed: MemoryLayout<T>.size, available: buffer.readableBytes)
        }
        return value
    }

    /// Reads a signed 8-bit integer.
    package mutating func readInt8() throws -> Int8 { try readFixed(Int8.self, "int8") }
    /// Reads a big-endian signed 16-bit integer.
    package mutating func readInt16() throws -> Int16 { try readFixed(Int16.self, "int16") }
    /// Reads a big-endian signed 32-bit integer.
    package mutating func readInt32() throws -> Int32 { try readFixed(Int32.self, "int32") }
    /// Reads a big-endian signed 64-bit integer.
    package mutating func readInt64() throws -> Int64 { try readFixed(Int64.self, "int64") }
    /// Reads a boolean; any non-zero byte is true, as the Java client reads it.
    package mutating func readBool() throws -> Bool { try readFixed(UInt8.self, "boolean") != 0 }

    /// Reads a 16-byte UUID.
    package mutating func readUUID() throws -> KafkaUUID {
        guard buffer.readableBytes >= 16 else {
            throw KafkaProtocolError.truncated(what: "uuid", needed: 16, available: buffer.readableBytes)
        }
        let high = try readFixed(UInt64.self, "uuid")
        let low = try readFixed(UInt64.self, "uuid")
        return KafkaUUID(mostSignificantBits: high, leastSignificantBits: low)
    }

    // MARK: Varints

    /// Reads an unsigned LEB128 varint of at most 5 bytes (32 bits).
    package mutating func readUnsignedVarint() throws -> UInt32 {
        UInt32(truncatingIfNeeded: try readUnsignedVarlong(maximumBytes: 5, what: "unsigned varint"))
    }

    /// Reads a zigzag-encoded signed varint of at most 5 bytes.
    package mutating func readVarint() throws -> Int32 {
        let raw = try readUnsignedVarint()
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Reads a zigzag-encoded signed varlong of at most 10 bytes.
    package mutating func readVarlong() throws -> Int64 {
        let raw = try readUnsignedVarlong(maximumBytes: 10, what: "varlong")
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    private mutating func readUnsignedVarlong(maximumBytes: Int, what: String) throws -> UInt64 {
        var result: UInt64 = 0
        for index in 0..<maximumBytes {
            guard let byte = buffer.readInteger(as: UInt8.self) else {
                throw KafkaProtocolError.truncated(what: what, needed: index + 1, available: index)
            }
            let payload = UInt64(byte & 0x7F)
            let shift = UInt64(7 * index)
            // The last permitted byte may only carry the bits that still fit.
            if index == maximumBytes - 1 {
                let bitsLeft = UInt64(maximumBytes == 5 ? 32 : 64) - shift
                if byte & 0x80 != 0 || payload >> bitsLeft != 0 {
                    throw KafkaProtocolError.malformedVarint(what: what)
                }
            }
            result |= payload << shift
            if byte & 0x80 == 0 { return result }
        }
        throw KafkaProtocolError.malformedVarint(what: what)
    }

    // MARK: Lengths

    /// Reads a length prefix: int16/int32 in classic form or unsigned varint
    /// minus one in compact form. Returns nil for the protocol's null.
    private mutating func readLength(compact: Bool, classicWidth: Int, what: String) throws -> Int? {
        let length: Int64
        if compact {
            length = Int64(try readUnsignedVarint()) - 1
        } else if classicWidth == 2 {
            length = Int64(try readInt16())
        } else {
            length = Int64(try readInt32())
        }
        if length == -1 { return nil }
        guard length >= 0 else { throw KafkaProtocolError.negativeLength(what: what, length: length) }
        return Int(length)
    }

    private mutating func readPayload(length: Int, what: String) throws -> ByteBuffer {
        guard length <= buffer.readableBytes, let slice = buffer.readSlice(length: length) else {
            throw KafkaProtocolError.lengthExceedsRemaining(
                what: what, length: Int64(length), remaining: buffer.readableBytes)
        }
        return slice
    }

    // MARK: Strings

    /// Reads a nullable string in the compact or classic (int16 length) form.
    package mutating func readNullableString(compact: Bool) throws -> String? {
        guard let length = try readLength(compact: compact, classicWidth: 2, what: "string") else {
            return nil
        }
        let slice = try readPayload(length: length, what: "string")
        // Invalid UTF-8 is repaired rather than rejected: a name with a bad
        // byte is still worth showing.
        return String(decoding: slice.readableBytesView, as: UTF8.self)
    }

    /// Reads a non-null string in the compact or classic form.
    package mutating func readString(compact: Bool) throws -> String {
        guard let value = try readNullableString(compact: compact) else {
            throw KafkaProtocolError.unexpectedNull(what: "string")
        }
        return value
    }

    /// Reads a nullable string in this reader's encoding.
    package mutating func readNullableString() throws -> String? { try readNullableString(compact: isFlexible) }
    /// Reads a non-null string in this reader's encoding.
    package mutating func readString() throws -> String { try readString(compact: isFlexible) }

    // MARK: Bytes

    /// Reads nullable bytes in the compact or classic (int32 length) form.
    package mutating func readNullableBytes(compact: Bool) throws -> [UInt8]? {
        guard let length = try readLength(compact: compact, classicWidth: 4, what: "bytes") else {
            return nil
        }
        let slice = try readPayload(length: length, what: "bytes")
        return Array(slice.readableBytesView)
    }

    /// Reads nullable bytes in this reader's encoding.
    package mutating func readNullableBytes() throws -> [UInt8]? { try readNullableBytes(compact: isFlexible) }

    /// Reads nullable bytes in this reader's encoding as a slice of the buffer read, without
    /// copying them: for record data, which may be far larger than any other field.
    package mutating func readNullableByteSlice() throws -> ByteBuffer? {
        guard let length = try readLength(compact: isFlexible, classicWidth: 4, what: "bytes") else {
            return nil
        }
        return try readPayload(length: length, what: "bytes")
    }

    /// Reads non-null bytes in this reader's encoding.
    package mutating func readBytes() throws -> [UInt8] {
        guard let value = try readNullableBytes(compact: isFlexible) else {
            throw KafkaProtocolError.unexpectedNull(what: "bytes")
        }
        return value
    }

    // MARK: Arrays

    /// Reads a nullable array in the compact or classic (int32 count) form.
    ///
    /// The count is checked against the remaining bytes, assuming each
    /// element takes at least `minimumElementSize` bytes, before any element
    /// is read, so a hostile count cannot make us allocate or loop.
    package mutating func readNullableArray<Element>(
        compact: Bool,
        minimumElementSize: Int = 1,
        _ readElement: (inout KafkaReader) throws -> Element
    ) throws -> [Element]? {
        guard let count = try readLength(compact: compact, classicWidth: 4, what: "array") else {
            return nil
        }
        let needed = Int64(count) * Int64(max(1, minimumElementSize))
        guard needed <= Int64(buffer.readableBytes) else {
            throw KafkaProtocolError.lengthExceedsRemaining(
                what: "array", length: Int64(count), remaining: buffer.readableBytes)
        }
        var elements: [Element] = []
        // Wire size bounds the count, but an element in memory can be far
        // larger than on the wire; let the array grow with what is decoded.
        elements.reserveCapacity(min(count, 1024))
        for _ in 0..<count {
            elements.append(try readElement(&self))
        }
        return elements
    }

    /// Reads a nullable array in this reader's encoding.
    package mutating func readNullableArray<Element>(
        minimumElementSize: Int = 1,
        _ readElement: (inout KafkaReader) throws -> Element
    ) throws -> [Element]? {
        try readNullableArray(compact: isFlexible, minimumElementSize: minimumElementSize, readElement)
    }

    /// Reads a non-null array in this reader's encoding.
    mutating func readArray<Element>(
        minimumElementSize: Int = 1,
        _ readElement: (inout KafkaReader) throws -> Element
    ) throws -> [Element] {
        guard let elements = try readNullableArray(
            compact: isFlexible, minimumElementSize: minimumElementSize, readElement)
        else {
            throw KafkaProtocolError.unexpectedNull(what: "array")
        }
        return elements
    }

    /// Reads a non-null array of int32 values (broker ids, partition indexes).
    package mutating func readInt32Array() throws -> [Int32] {
        try readArray(minimumElementSize: 4) { try $0.readInt32() }
    }

    /// Reads a non-null array of strings.
    mutating func readStringArray() throws -> [String] {
        try readArray { try $0.readString() }
    }

    // MARK: Tagged fields

    /// Reads a tagged-field section when the version is flexible; does
    /// nothing otherwise.
    ///
    /// `handleField` receives each tag with a reader over exactly that
    /// field's bytes; tags it does not know it should ignore. Fields are
    /// skipped by their declared size whatever the handler reads, so an
    /// unknown or newer field never desynchronises the rest of the message.
    package mutating func readTaggedFields(
        _ handleField: (UInt32, inout KafkaReader) throws -> Void = { _, _ in }
    ) throws {
        guard isFlexible else { return }
        try readTaggedFieldSection(handleField)
    }

    /// Reads a tagged-field section whatever `isFlexible` says; headers need
    /// this because their flexibility is the header version's, not the body's.
    mutating func readTaggedFieldSection(
        _ handleField: (UInt32, inout KafkaReader) throws -> Void = { _, _ in }
    ) throws {
        let count = try readUnsignedVarint()
        // Each field takes at least two bytes (tag and size).
        guard Int64(count) * 2 <= Int64(buffer.readableBytes) else {
            throw KafkaProtocolError.lengthExceedsRemaining(
                what: "tagged fields", length: Int64(count), remaining: buffer.readableBytes)
        }
        for _ in 0..<count {
            let tag = try readUnsignedVarint()
            let size = Int(try readUnsignedVarint())
            var field = KafkaReader(buffer: try readPayload(length: size, what: "tagged field"), isFlexible: true)
            try handleField(tag, &field)
        }
    }
}
