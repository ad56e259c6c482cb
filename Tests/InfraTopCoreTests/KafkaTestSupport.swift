import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopKafka

/// Builds a buffer from literal bytes written out from the protocol guide.
func kafkaBuffer(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

/// The readable bytes of `buffer` as an array, for exact comparisons.
func kafkaBytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

/// Classic (int16 length) string bytes.
func kafkaString(_ text: String) -> [UInt8] {
    let utf8 = Array(text.utf8)
    return [UInt8(utf8.count >> 8), UInt8(utf8.count & 0xFF)] + utf8
}

/// Compact (varint length + 1) string bytes, for strings under 127 bytes.
func kafkaCompactString(_ text: String) -> [UInt8] {
    let utf8 = Array(text.utf8)
    return [UInt8(utf8.count + 1)] + utf8
}

func kafkaInt16(_ value: Int16) -> [UInt8] { [UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)] }
func kafkaInt32(_ value: Int32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
func kafkaInt64(_ value: Int64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) } }

/// Encodes `message` at every supported version, decodes it back and expects
/// the value the version can carry.
func expectRoundTrip<Message: KafkaMessage>(
    _ make: (Int16) -> Message, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    for version in Message.supportedVersions {
        let value = make(version)
        let body = try value.encodedBody(version: version)
        let decoded = try Message.decode(body: body, version: version)
        #expect(decoded == value, "version \(version)", sourceLocation: sourceLocation)
    }
}

/// Decodes `bytes` at `version` and expects every truncation of them to fail
/// with a typed error, never a crash.
func expectTruncationsFail<Message: KafkaMessage>(
    _ type: Message.Type, bytes: [UInt8], version: Int16, sourceLocation: SourceLocation = #_sourceLocation
) {
    for cut in 0..<bytes.count {
        #expect(throws: KafkaProtocolError.self, "cut at \(cut)", sourceLocation: sourceLocation) {
            _ = try Message.decode(body: kafkaBuffer(Array(bytes[..<cut])), version: version)
        }
    }
}

/// A whole record batch v2 with one opaque record body, its CRC-32C computed by infratop's
/// implementation (checked against independent values in KafkaRecordBatchTests).
func kafkaRecordBatch(
    baseOffset: Int64, lastOffsetDelta: Int32 = 0, firstTimestamp: Int64, maxTimestamp: Int64? = nil,
    attributes: Int16 = 0, body: [UInt8] = [0x10, 0x00, 0x00, 0x00, 0x01, 0x04, 0x68, 0x69, 0x00]
) -> [UInt8] {
    let covered = kafkaInt16(attributes) + kafkaInt32(lastOffsetDelta) + kafkaInt64(firstTimestamp)
        + kafkaInt64(maxTimestamp ?? firstTimestamp) + kafkaInt64(-1) + kafkaInt16(-1) + kafkaInt32(-1)
        + kafkaInt32(lastOffsetDelta + 1) + body
    let crc = KafkaCRC32C.checksum(covered)
    return kafkaInt64(baseOffset) + kafkaInt32(Int32(9 + covered.count)) + kafkaInt32(0) + [0x02]
        + kafkaInt32(Int32(bitPattern: crc)) + covered
}
