import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopKafka

@Suite struct KafkaPrimitivesTests {
    private func written(flexible: Bool = false, _ body: (inout KafkaWriter) throws -> Void) rethrows -> [UInt8] {
        var writer = KafkaWriter(isFlexible: flexible)
        try body(&writer)
        return kafkaBytes(writer.buffer)
    }

    @Test func fixedWidthIntegersAreBigEndian() throws {
        let bytes = written {
            $0.writeInt8(-2); $0.writeInt16(0x0102); $0.writeInt32(-2); $0.writeInt64(0x0102_0304_0506_0708); $0.writeBool(true)
        }
        #expect(bytes == [0xFE, 0x01, 0x02, 0xFF, 0xFF, 0xFF, 0xFE, 1, 2, 3, 4, 5, 6, 7, 8, 1])
        var reader = KafkaReader(buffer: kafkaBuffer(bytes))
        #expect(try reader.readInt8() == -2)
        #expect(try reader.readInt16() == 0x0102)
        #expect(try reader.readInt32() == -2)
        #expect(try reader.readInt64() == 0x0102_0304_0506_0708)
        #expect(try reader.readBool() == true)
        #expect(throws: KafkaProtocolError.truncated(what: "int32", needed: 4, available: 0)) { try reader.readInt32() }
    }

    @Test func unsignedVarintsFollowLEB128() throws {
        #expect(written { $0.writeUnsignedVarint(0) } == [0x00])
        #expect(written { $0.writeUnsignedVarint(300) } == [0xAC, 0x02])
        #expect(written { $0.writeUnsignedVarint(UInt32.max) } == [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        var reader = KafkaReader(buffer: kafkaBuffer([0xAC, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]))
        #expect(try reader.readUnsignedVarint() == 300)
        #expect(try reader.readUnsignedVarint() == UInt32.max)
    }

    @Test func signedVarintsAreZigzag() throws {
        #expect(written { $0.writeVarint(0) } == [0x00])
        #expect(written { $0.writeVarint(-1) } == [0x01])
        #expect(written { $0.writeVarint(1) } == [0x02])
        #expect(written { $0.writeVarint(-64) } == [0x7F])
        #expect(written { $0.writeVarint(64) } == [0x80, 0x01])
        #expect(written { $0.writeVarint(Int32.min) } == [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(written { $0.writeVarlong(-1) } == [0x01])
        for value: Int32 in [0, 1, -1, 150, -150, Int32.max, Int32.min] {
            var reader = KafkaReader(buffer: kafkaBuffer(written { $0.writeVarint(value) }))
            #expect(try reader.readVarint() == value)
        }
        for value: Int64 in [0, -1, 1 << 40, Int64.max, Int64.min] {
            var reader = KafkaReader(buffer: kafkaBuffer(written { $0.writeVarlong(value) }))
            #expect(try reader.readVarlong() == value)
        }
    }

    @Test func malformedVarintsThrow() {
        var tooLong = KafkaReader(buffer: kafkaBuffer([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]))
        #expect(throws: KafkaProtocolError.malformedVarint(what: "unsigned varint")) { try tooLong.readUnsignedVarint() }
        var overflow = KafkaReader(buffer: kafkaBuffer([0xFF, 0xFF, 0xFF, 0xFF, 0x1F]))
        #expect(throws: KafkaProtocolError.malformedVarint(what: "unsigned varint")) { try overflow.readUnsignedVarint() }
        var truncated = KafkaReader(buffer: kafkaBuffer([0x80, 0x80]))
        #expect(throws: KafkaProtocolError.truncated(what: "unsigned varint", needed: 3, available: 2)) {
            try truncated.readUnsignedVarint()
        }
    }

    @Test func classicAndCompactStrings() throws {
        #expect(try written { try $0.writeString("abc") } == [0x00, 0x03, 0x61, 0x62, 0x63])
        #expect(try written { try $0.writeNullableString(nil) } == [0xFF, 0xFF])
        #expect(try written(flexible: true) { try $0.writeString("abc") } == [0x04, 0x61, 0x62, 0x63])
        #expect(try written(flexible: true) { try $0.writeNullableString(nil) } == [0x00])
        #expect(try written(flexible: true) { try $0.writeString("") } == [0x01])

        var classic = KafkaReader(buffer: kafkaBuffer([0x00, 0x02, 0x68, 0x69, 0xFF, 0xFF]))
        #expect(try classic.readString() == "hi")
        #expect(try classic.readNullableString() == nil)
        var compact = KafkaReader(buffer: kafkaBuffer([0x03, 0x68, 0x69, 0x00, 0x00]), isFlexible: true)
        #expect(try compact.readString() == "hi")
        #expect(try compact.readNullableString() == nil)
        #expect(throws: KafkaProtocolError.unexpectedNull(what: "string")) { try compact.readString() }
    }

    @Test func badStringLengthsThrow() {
        var negative = KafkaReader(buffer: kafkaBuffer([0xFF, 0xFE, 0x61]))
        #expect(throws: KafkaProtocolError.negativeLength(what: "string", length: -2)) { try negative.readString() }
        var oversized = KafkaReader(buffer: kafkaBuffer([0x7F, 0xFF, 0x61]))
        #expect(throws: KafkaProtocolError.lengthExceedsRemaining(what: "string", length: 32767, remaining: 1)) {
            try oversized.readString()
        }
        var compactOversized = KafkaReader(buffer: kafkaBuffer([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]), isFlexible: true)
        #expect(throws: KafkaProtocolError.lengthExceedsRemaining(what: "string", length: 4_294_967_294, remaining: 0)) {
            try compactOversized.readString()
        }
    }

    @Test func bytesUseInt32OrCompactLengths() throws {
        #expect(try written { try $0.writeBytes([9, 8]) } == [0, 0, 0, 2, 9, 8])
        #expect(try written { try $0.writeNullableBytes(nil) } == [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(try written(flexible: true) { try $0.writeBytes([9, 8]) } == [3, 9, 8])
        var reader = KafkaReader(buffer: kafkaBuffer([0, 0, 0, 2, 9, 8, 0xFF, 0xFF, 0xFF, 0xFF]))
        #expect(try reader.readBytes() == [9, 8])
        #expect(try reader.readNullableBytes() == nil)
        var hostile = KafkaReader(buffer: kafkaBuffer([0x7F, 0xFF, 0xFF, 0xFF]))
        #expect(throws: KafkaProtocolError.lengthExceedsRemaining(what: "bytes", length: Int64(Int32.max), remaining: 0)) {
            try hostile.readBytes()
        }
    }

    @Test func arraysClassicCompactAndNull() throws {
        #expect(try written { try $0.writeInt32Array([1, 2]) } == [0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2])
        #expect(try written { try $0.writeNullableArray(nil as [Int32]?) { $0.writeInt32($1) } } == [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(try written(flexible: true) { try $0.writeInt32Array([7]) } == [0x02, 0, 0, 0, 7])
        #expect(try written(flexible: true) { try $0.writeNullableArray(nil as [Int32]?) { $0.writeInt32($1) } } == [0x00])

        var classic = KafkaReader(buffer: kafkaBuffer([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]))
        #expect(try classic.readNullableArray { try $0.readInt32() } == nil)
        #expect(try classic.readInt32Array() == [])
        var compact = KafkaReader(buffer: kafkaBuffer([0x00, 0x01, 0x02, 0, 0, 0, 9]), isFlexible: true)
        #expect(try compact.readNullableArray { try $0.readInt32() } == nil)
        #expect(try compact.readInt32Array() == [])
        #expect(try compact.readInt32Array() == [9])
    }

    @Test func hostileArrayCountsThrowBeforeAllocating() {
        var negative = KafkaReader(buffer: kafkaBuffer([0xFF, 0xFF, 0xFF, 0xFE]))
        #expect(throws: KafkaProtocolError.negativeLength(what: "array", length: -2)) { try negative.readInt32Array() }
        var huge = KafkaReader(buffer: kafkaBuffer([0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1]))
        #expect(throws: KafkaProtocolError.lengthExceedsRemaining(what: "array", length: Int64(Int32.max), remaining: 4)) {
            try huge.readInt32Array()
        }
        // Two int32 elements need eight bytes; six remain.
        var short = KafkaReader(buffer: kafkaBuffer([0, 0, 0, 2, 0, 0, 0, 1, 0, 0]))
        #expect(throws: KafkaProtocolError.lengthExceedsRemaining(what: "array", length: 2, remaining: 6)) {
            try short.readInt32Array()
        }
        var nullWhereRequired = KafkaReader(buffer: kafkaBuffer([0x00]), isFlexible: true)
        #expect(throws: KafkaProtocolError.unexpectedNull(what: "array")) { try nullWhereRequired.readInt32Array() }
    }

    @Test func uuidsRoundTripAndPrint() throws {
        let id = KafkaUUID(mostSignificantBits: 0x0123_4567_89AB_CDEF, leastSignificantBits: 0xFEDC_BA98_7654_3210)
        let bytes = written { $0.writeUUID(id) }
        #expect(bytes == [0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54, 0x32, 0x10])
        var reader = KafkaReader(buffer: kafkaBuffer(bytes))
        #expect(try reader.readUUID() == id)
        #expect(id.description == "01234567-89ab-cdef-fedc-ba9876543210")
        #expect(KafkaUUID.zero.isZero)
        var short = KafkaReader(buffer: kafkaBuffer([1, 2, 3]))
        #expect(throws: KafkaProtocolError.truncated(what: "uuid", needed: 16, available: 3)) { try short.readUUID() }
    }

    @Test func unknownTaggedFieldsAreSkipped() throws {
        // Two fields: tag 5 with two bytes, tag 300 with none; then int16 7.
        var reader = KafkaReader(
            buffer: kafkaBuffer([0x02, 0x05, 0x02, 0xAA, 0xBB, 0xAC, 0x02, 0x00, 0x00, 0x07]), isFlexible: true)
        var seen: [UInt32] = []
        try reader.readTaggedFields { tag, field in
            seen.append(tag)
            _ = try? field.readInt8()  // Reading part of a field must not desynchronise.
        }
        #expect(seen == [5, 300])
        #expect(try reader.readInt16() == 7)
    }

    @Test func taggedFieldsAreAbsentInNonFlexibleVersions() throws {
        var reader = KafkaReader(buffer: kafkaBuffer([0x00, 0x07]))
        try reader.readTaggedFields()
        #expect(try reader.readInt16() == 7)
        #expect(written { $0.writeEmptyTaggedFields() } == [])
        #expect(written(flexible: true) { $0.writeEmptyTaggedFields() } == [0x00])
    }

    @Test func badTaggedFieldsThrow() {
        var oversizedField = KafkaReader(buffer: kafkaBuffer([0x01, 0x00, 0x10, 0xAA]), isFlexible: true)
        #expect(throws: KafkaProtocolError.lengthExceedsRemaining(what: "tagged field", length: 16, remaining: 1)) {
            try oversizedField.readTaggedFields()
        }
        var hugeCount = KafkaReader(buffer: kafkaBuffer([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]), isFlexible: true)
        #expect(throws: KafkaProtocolError.lengthExceedsRemaining(what: "tagged fields", length: 4_294_967_295, remaining: 0)) {
            try hugeCount.readTaggedFields()
        }
    }

    @Test func errorCodesHaveKafkaNames() {
        #expect(KafkaErrorCode.none.name == "NONE")
        #expect(KafkaErrorCode(3).name == "UNKNOWN_TOPIC_OR_PARTITION")
        #expect(KafkaErrorCode.notLeaderOrFollower.name == "NOT_LEADER_OR_FOLLOWER")
        #expect(KafkaErrorCode(20).name == "NOT_ENOUGH_REPLICAS_AFTER_APPEND")
        #expect(KafkaErrorCode(69).name == "GROUP_ID_NOT_FOUND")
        #expect(KafkaErrorCode(-1).name == "UNKNOWN_SERVER_ERROR")
        #expect(KafkaErrorCode(999).name == "UNKNOWN_ERROR_CODE(999)")
        let shown: [Int16: String] = [
            5: "LEADER_NOT_AVAILABLE", 7: "REQUEST_TIMED_OUT", 8: "BROKER_NOT_AVAILABLE", 9: "REPLICA_NOT_AVAILABLE",
            14: "COORDINATOR_LOAD_IN_PROGRESS", 15: "COORDINATOR_NOT_AVAILABLE", 16: "NOT_COORDINATOR",
            19: "NOT_ENOUGH_REPLICAS", 29: "TOPIC_AUTHORIZATION_FAILED", 30: "GROUP_AUTHORIZATION_FAILED",
            31: "CLUSTER_AUTHORIZATION_FAILED", 35: "UNSUPPORTED_VERSION", 42: "INVALID_REQUEST",
        ]
        for (code, name) in shown { #expect(KafkaErrorCode(code).name == name) }
    }
}
