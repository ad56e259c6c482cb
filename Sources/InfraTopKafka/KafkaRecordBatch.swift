import NIOCore

/// The codec a record batch's records are compressed with (attribute bits 0–2). Only the
/// records after the batch header are compressed, so the header reads the same whatever this is.
package enum KafkaCompressionCodec: Int16, Sendable, Codable {
    case none = 0
    case gzip = 1
    case snappy = 2
    case lz4 = 3
    case zstd = 4
}

/// What a record's timestamp means (attribute bit 3).
package enum KafkaTimestampType: String, Sendable, Codable {
    /// Set by the producer (or the application through it) when the record was made.
    case createTime
    /// Set by the leader when it appended the batch; every record of the batch has it.
    case logAppendTime
}

/// The fixed 61-byte header of a record batch in message format v2 (magic 2), the only format
/// whose header carries the first and largest timestamps of all its records.
///
/// The layout, from Kafka's `DefaultRecordBatch`: base offset (int64), batch length (int32,
/// the bytes after it), partition leader epoch (int32), magic (int8), CRC-32C (uint32, over
/// everything from the attributes to the end of the batch), attributes (int16), last offset
/// delta (int32), base timestamp (int64), max timestamp (int64), producer id (int64), producer
/// epoch (int16), base sequence (int32), record count (int32), then the records, compressed or
/// not.
package struct KafkaRecordBatchHeader: Sendable, Equatable {
    /// The header's size in bytes.
    package static let size = 61
    /// The bytes before the part ``batchLength`` counts: base offset and the length itself.
    package static let logOverhead = 12
    /// Where the magic byte sits, in this format and in the older message sets alike.
    package static let magicOffset = 16
    /// Where the CRC-covered part starts: the attributes.
    package static let attributesOffset = 21
    /// The magic byte of this format.
    package static let currentMagic: Int8 = 2

    /// Attribute bits of a batch.
    package struct Attributes: Sendable, Equatable {
        package var rawValue: Int16

        package init(rawValue: Int16) { self.rawValue = rawValue }

        /// The codec of the records after the header; nil for the undefined codes 5–7.
        package var compressionCodec: KafkaCompressionCodec? { KafkaCompressionCodec(rawValue: rawValue & 0x07) }
        package var timestampType: KafkaTimestampType { rawValue & 0x08 != 0 ? .logAppendTime : .createTime }
        /// Whether a transactional producer wrote the batch.
        package var isTransactional: Bool { rawValue & 0x10 != 0 }
        /// Whether the batch holds a transaction marker (commit or abort) rather than data.
        package var isControl: Bool { rawValue & 0x20 != 0 }
        /// Whether the log cleaner replaced the base timestamp with the time at which the
        /// batch's tombstones and markers may go (KIP-534).
        package var hasDeleteHorizon: Bool { rawValue & 0x40 != 0 }
    }

    package var baseOffset: Int64
    /// The bytes after this field: the whole batch is ``logOverhead`` + this.
    package var batchLength: Int32
    package var partitionLeaderEpoch: Int32
    package var magic: Int8
    package var crc: UInt32
    package var attributes: Attributes
    package var lastOffsetDelta: Int32
    /// The first record's timestamp, or -1 when the batch is empty, or the delete horizon when
    /// ``Attributes/hasDeleteHorizon`` says so.
    package var baseTimestamp: Int64
    /// The largest record timestamp (create time), or the leader's append time.
    package var maxTimestamp: Int64
    package var producerID: Int64
    package var producerEpoch: Int16
    package var baseSequence: Int32
    package var recordCount: Int32

    package init(
        baseOffset: Int64, batchLength: Int32, partitionLeaderEpoch: Int32, magic: Int8 = KafkaRecordBatchHeader.currentMagic,
        crc: UInt32, attributes: Attributes, lastOffsetDelta: Int32, baseTimestamp: Int64, maxTimestamp: Int64,
        producerID: Int64, producerEpoch: Int16, baseSequence: Int32, recordCount: Int32
    ) {
        self.baseOffset = baseOffset
        self.batchLength = batchLength
        self.partitionLeaderEpoch = partitionLeaderEpoch
        self.magic = magic
        self.crc = crc
        self.attributes = attributes
        self.lastOffsetDelta = lastOffsetDelta
        self.baseTimestamp = baseTimestamp
        self.maxTimestamp = maxTimestamp
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.recordCount = recordCount
    }

    /// The offset of the batch's last record.
    package var lastOffset: Int64 { baseOffset.addingSaturated(Int64(lastOffsetDelta)) }

    /// The whole batch's size in bytes, header included.
    package var totalSize: Int { Self.logOverhead + Int(batchLength) }

    /// Whether `offset` falls within the batch's offsets.
    package func contains(_ offset: Int64) -> Bool { baseOffset <= offset && offset <= lastOffset }
}

/// Why a record batch cannot be read.
package enum KafkaRecordBatchError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// The batch length is negative or too small to hold the header.
    case invalidBatchLength(Int32)
    /// The magic byte is none Kafka has defined.
    case unknownMagic(Int8)
    /// The last offset delta or the record count is negative.
    case negativeCount(what: String, value: Int32)
    /// The CRC-32C in the header does not match the batch's bytes.
    case checksumMismatch(stored: UInt32, computed: UInt32)

    package var description: String {
        switch self {
        case .invalidBatchLength(let length):
            "record batch length \(length) cannot hold a batch header"
        case .unknownMagic(let magic):
            "record batch magic \(magic) is no Kafka message format"
        case let .negativeCount(what, value):
            "record batch \(what) is negative (\(value))"
        case let .checksumMismatch(stored, computed):
            "record batch CRC-32C is \(Self.hex(stored)) but the bytes give \(Self.hex(computed))"
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}

/// One step through the record data of a partition, as ``KafkaRecordBatchScanner`` finds it.
package enum KafkaRecordBatchScan: Sendable, Equatable {
    /// A whole batch whose CRC-32C matched.
    case complete(KafkaRecordBatchHeader)
    /// A batch whose header is whole but whose records were cut off by the fetch's size limit,
    /// as the last batch of an answer often is; its CRC cannot be checked. The data ends here.
    case cut(KafkaRecordBatchHeader, availableBytes: Int)
    /// Fewer bytes than a header remain, cut off by the size limit. The data ends here.
    case headerCut(availableBytes: Int)
    /// A message set of magic 0 or 1 (before Kafka 0.11), whose header holds no batch
    /// timestamps. The data is not read further.
    case oldMessageFormat(magic: Int8)
    /// Bytes that are no record batch. The data is not read further.
    case malformed(KafkaRecordBatchError)
}

/// Walks the record batches in one partition's record data, reading each header and nothing of
/// the records, so compressed batches need no decompression.
///
/// Every length is checked against the bytes present before it is used; a batch length that
/// claims more than is there makes the batch ``KafkaRecordBatchScan/cut(_:availableBytes:)``,
/// never an allocation. Each step consumes at least a header, so a scan ends within
/// `bytes / 61` steps.
package struct KafkaRecordBatchScanner: Sendable, IteratorProtocol, Sequence {
    private var records: ByteBuffer
    private var isFinished = false

    package init(records: ByteBuffer) { self.records = records }

    package mutating func next() -> KafkaRecordBatchScan? {
        guard !isFinished, records.readableBytes > 0 else { return nil }
        let step = Self.scan(&records)
        switch step {
        case .complete: break
        default: isFinished = true
        }
        return step
    }

    private static func scan(_ records: inout ByteBuffer) -> KafkaRecordBatchScan {
        let available = records.readableBytes
        let start = records.readerIndex
        guard available > KafkaRecordBatchHeader.magicOffset,
              let magic = records.getInteger(at: start + KafkaRecordBatchHeader.magicOffset, as: Int8.self)
        else { return .headerCut(availableBytes: available) }
        switch magic {
        case 0, 1: return .oldMessageFormat(magic: magic)
        case KafkaRecordBatchHeader.currentMagic: break
        default: return .malformed(.unknownMagic(magic))
        }
        guard available >= KafkaRecordBatchHeader.size, let header = readHeader(records) else {
            return .headerCut(availableBytes: available)
        }
        guard header.batchLength >= Int32(KafkaRecordBatchHeader.size - KafkaRecordBatchHeader.logOverhead) else {
            return .malformed(.invalidBatchLength(header.batchLength))
        }
        guard header.lastOffsetDelta >= 0 else { return .malformed(.negativeCount(what: "last offset delta", value: header.lastOffsetDelta)) }
        guard header.recordCount >= 0 else { return .malformed(.negativeCount(what: "record count", value: header.recordCount)) }
        guard header.totalSize <= available else { return .cut(header, availableBytes: available) }
        let covered = header.totalSize - KafkaRecordBatchHeader.attributesOffset
        guard let checked = records.getSlice(at: start + KafkaRecordBatchHeader.attributesOffset, length: covered) else {
            return .cut(header, availableBytes: available)
        }
        let computed = KafkaCRC32C.checksum(checked)
        guard computed == header.crc else { return .malformed(.checksumMismatch(stored: header.crc, computed: computed)) }
        records.moveReaderIndex(forwardBy: header.totalSize)
        return .complete(header)
    }

    /// The header at the front of `records`, which the caller has checked holds 61 bytes.
    private static func readHeader(_ records: ByteBuffer) -> KafkaRecordBatchHeader? {
        var buffer = records
        guard let baseOffset = buffer.readInteger(as: Int64.self),
              let batchLength = buffer.readInteger(as: Int32.self),
              let leaderEpoch = buffer.readInteger(as: Int32.self),
              let magic = buffer.readInteger(as: Int8.self),
              let crc = buffer.readInteger(as: UInt32.self),
              let attributes = buffer.readInteger(as: Int16.self),
              let lastOffsetDelta = buffer.readInteger(as: Int32.self),
              let baseTimestamp = buffer.readInteger(as: Int64.self),
              let maxTimestamp = buffer.readInteger(as: Int64.self),
              let producerID = buffer.readInteger(as: Int64.self),
              let producerEpoch = buffer.readInteger(as: Int16.self),
              let baseSequence = buffer.readInteger(as: Int32.self),
              let recordCount = buffer.readInteger(as: Int32.self)
        else { return nil }
        return KafkaRecordBatchHeader(
            baseOffset: baseOffset, batchLength: batchLength, partitionLeaderEpoch: leaderEpoch, magic: magic, crc: crc,
            attributes: .init(rawValue: attributes), lastOffsetDelta: lastOffsetDelta, baseTimestamp: baseTimestamp,
            maxTimestamp: maxTimestamp, producerID: producerID, producerEpoch: producerEpoch, baseSequence: baseSequence,
            recordCount: recordCount)
    }
}

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of record batch v2.
package enum KafkaCRC32C {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 != 0 ? (value >> 1) ^ 0x82F6_3B78 : value >> 1 }
        return value
    }

    /// The checksum of `bytes`.
    package static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    /// The checksum of the readable bytes of `buffer`.
    package static func checksum(_ buffer: ByteBuffer) -> UInt32 {
        buffer.withUnsafeReadableBytes { checksum($0) }
    }
}
