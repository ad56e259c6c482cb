import NIOCore

/// Writes Kafka protocol primitives into a `ByteBuffer`.
///
/// `isFlexible` selects compact strings, bytes and arrays and the presence of
/// tagged-field sections, mirroring `KafkaReader`.
package struct KafkaWriter: Sendable {
    /// The bytes written so far.
    package private(set) var buffer: ByteBuffer
    /// Whether the message version being written uses the flexible encoding.
    package let isFlexible: Bool

    /// Creates a writer appending to `buffer`.
    package init(buffer: ByteBuffer = ByteBuffer(), isFlexible: Bool = false) {
        self.buffer = buffer
        self.isFlexible = isFlexible
    }

    // MARK: Fixed-width integers

    /// Writes a signed 8-bit integer.
    package mutating func writeInt8(_ value: Int8) { buffer.writeInteger(value) }
    /// Writes a big-endian signed 16-bit integer.
    package mutating func writeInt16(_ value: Int16) { buffer.writeInteger(value, endianness: .big) }
    /// Writes a big-endian signed 32-bit integer.
    package mutating func writeInt32(_ value: Int32) { buffer.writeInteger(value, endianness: .big) }
    /// Writes a big-endian signed 64-bit integer.
    package mutating func writeInt64(_ value: Int64) { buffer.writeInteger(value, endianness: .big) }
    /// Writes a boolean as one byte, 1 or 0.
    package mutating func writeBool(_ value: Bool) { buffer.writeInteger(UInt8(value ? 1 : 0)) }

    /// Writes a 16-byte UUID.
    package mutating func writeUUID(_ value: KafkaUUID) {
        buffer.writeInteger(value.mostSignificantBits, endianness: .big)
        buffer.writeInteger(value.leastSignificantBits, endianness: .big)
    }

    // MARK: Varints

    /// Writes an unsigned LEB128 varint.
    package mutating func writeUnsignedVarint(_ value: UInt32) { writeUnsignedVarlong(UInt64(value)) }

    /// Writes a zigzag-encoded signed varint.
    package mutating func writeVarint(_ value: Int32) {
        writeUnsignedVarint(UInt32(bitPattern: (value << 1) ^ (value >> 31)))
    }

    /// Writes a zigzag-encoded signed varlong.
    package mutating func writeVarlong(_ value: Int64) {
        writeUnsignedVarlong(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    private mutating func writeUnsignedVarlong(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            buffer.writeInteger(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        buffer.writeInteger(UInt8(rest))
    }

    // MARK: Lengths

    private mutating func writeLength(_ length: Int?, compact: Bool, classicWidth: Int, what: String) throws {
        let limit = compact ? Int(UInt32.max) - 1 : (classicWidth == 2 ? Int(Int16.max) : Int(Int32.max))
        if let length, length > limit {
            throw KafkaProtocolError.valueTooLarge(what: what, size: length, limit: limit)
        }
        if compact {
            writeUnsignedVarint(length.map { UInt32($0 + 1) } ?? 0)
        } else if classicWidth == 2 {
            writeInt16(length.map { Int16($0) } ?? -1)
        } else {
            writeInt32(length.map { Int32($0) } ?? -1)
        }
    }

    // MARK: Strings

    /// Writes a nullable string in the compact or classic (int16 length) form.
    package mutating func writeNullableString(_ value: String?, compact: Bool) throws {
        guard let value else { return try writeLength(nil, compact: compact, classicWidth: 2, what: "string") }
        let utf8 = value.utf8
        try writeLength(utf8.count, compact: compact, classicWidth: 2, what: "string")
        buffer.writeBytes(utf8)
    }

    /// Writes a nullable string in this writer's encoding.
    package mutating func writeNullableString(_ value: String?) throws {
        try writeNullableString(value, compact: isFlexible)
    }

    /// Writes a string in this writer's encoding.
    package mutating func writeString(_ value: String) throws {
        try writeNullableString(value, compact: isFlexible)
    }

    // MARK: Bytes

    /// Writes nullable bytes in this writer's encoding (int32 length when classic).
    package mutating func writeNullableBytes(_ value: [UInt8]?) throws {
        try writeLength(value?.count, compact: isFlexible, classicWidth: 4, what: "bytes")
        if let value { buffer.writeBytes(value) }
    }

    /// Writes bytes in this writer's encoding.
    package mutating func writeBytes(_ value: [UInt8]) throws { try writeNullableBytes(value) }

    /// Writes the readable bytes of a nullable buffer in this writer's encoding, the
    /// counterpart of ``KafkaReader/readNullableByteSlice()``.
    package mutating func writeNullableByteSlice(_ value: ByteBuffer?) throws {
        try writeLength(value?.readableBytes, compact: isFlexible, classicWidth: 4, what: "bytes")
        if let value { buffer.writeImmutableBuffer(value) }
    }

    // MARK: Arrays

    /// Writes a nullable array in this writer's encoding.
    package mutating func writeNullableArray<Element>(
        _ elements: [Element]?,
        _ writeElement: (inout KafkaWriter, Element) throws -> Void
    ) throws {
        try writeLength(elements?.count, compact: isFlexible, classicWidth: 4, what: "array")
        for element in elements ?? [] {
            try writeElement(&self, element)
        }
    }

    /// Writes an array in this writer's encoding.
    mutating func writeArray<Element>(
        _ elements: [Element],
        _ writeElement: (inout KafkaWriter, Element) throws -> Void
    ) throws {
        try writeNullableArray(elements, writeElement)
    }

    /// Writes an array of int32 values.
    package mutating func writeInt32Array(_ values: [Int32]) throws {
        try writeArray(values) { $0.writeInt32($1) }
    }

    /// Writes an array of strings.
    mutating func writeStringArray(_ values: [String]) throws {
        try writeArray(values) { try $0.writeString($1) }
    }

    // MARK: Tagged fields

    /// Writes an empty tagged-field section when the version is flexible;
    /// nothing otherwise. infratop never sends tagged fields.
    package mutating func writeEmptyTaggedFields() {
        if isFlexible { writeUnsignedVarint(0) }
    }

    /// Writes a tagged-field section holding `fields` (tag, encoded bytes)
    /// in ascending tag order, as the protocol requires. Used by tests and
    /// mock brokers to produce responses with tagged fields.
    mutating func writeTaggedFields(_ fields: [(tag: UInt32, bytes: [UInt8])]) {
        guard isFlexible else { return }
        let sorted = fields.sorted { $0.tag < $1.tag }
        writeUnsignedVarint(UInt32(sorted.count))
        for field in sorted {
            writeUnsignedVarint(field.tag)
            writeUnsignedVarint(UInt32(field.bytes.count))
            buffer.writeBytes(field.bytes)
        }
    }
}
