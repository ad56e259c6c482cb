import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopKafka

/// Record batch v2 headers read without touching the records, on batches written out field by
/// field from Kafka's DefaultRecordBatch layout. The CRC-32C values were computed by a separate
/// bitwise implementation (not infratop's table), checked against the standard check value.
@Suite struct KafkaRecordBatchTests {
    /// The 61-byte header, field by field.
    static func header(
        baseOffset: Int64, length: Int32, leaderEpoch: Int32 = 3, magic: UInt8 = 2, crc: UInt32, attributes: Int16,
        lastOffsetDelta: Int32, baseTimestamp: Int64, maxTimestamp: Int64, producerID: Int64 = -1, producerEpoch: Int16 = -1,
        baseSequence: Int32 = -1, count: Int32
    ) -> [UInt8] {
        kafkaInt64(baseOffset) + kafkaInt32(length) + kafkaInt32(leaderEpoch) + [magic] + kafkaInt32(Int32(bitPattern: crc))
            + kafkaInt16(attributes) + kafkaInt32(lastOffsetDelta) + kafkaInt64(baseTimestamp) + kafkaInt64(maxTimestamp)
            + kafkaInt64(producerID) + kafkaInt16(producerEpoch) + kafkaInt32(baseSequence) + kafkaInt32(count)
    }

    /// Offset 100, uncompressed, create time, one record: length 8, attributes 0, timestamp
    /// delta 0, offset delta 0, null key, value "hi", no headers.
    static let plainRecord: [UInt8] = [0x10, 0x00, 0x00, 0x00, 0x01, 0x04, 0x68, 0x69, 0x00]
    static let plain: [UInt8] = header(
        baseOffset: 100, length: 58, crc: 0xBBCC_4115, attributes: 0x0000, lastOffsetDelta: 0,
        baseTimestamp: 1_700_000_000_000, maxTimestamp: 1_700_000_000_000, count: 1) + plainRecord

    /// Offsets 101–103, gzip (codec 1): the 14 bytes after the header are a gzip stream's start,
    /// never inflated.
    static let gzipped: [UInt8] = header(
        baseOffset: 101, length: 63, crc: 0x5189_FE6D, attributes: 0x0001, lastOffsetDelta: 2,
        baseTimestamp: 1_700_000_001_000, maxTimestamp: 1_700_000_001_250, producerID: 4000, producerEpoch: 0,
        baseSequence: 7, count: 3) + [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xDE, 0xAD, 0xBE, 0xEF]

    /// Offset 104, zstd (codec 4) and log-append time (bit 3): the leader's append time is the
    /// max timestamp, 7 s after the producer's.
    static let zstdAppended: [UInt8] = header(
        baseOffset: 104, length: 57, crc: 0x7BE7_C45C, attributes: 0x000C, lastOffsetDelta: 0,
        baseTimestamp: 1_700_000_002_000, maxTimestamp: 1_700_000_009_000, count: 1) + [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x01, 0x02, 0x03]

    /// Offset 105, a transaction's commit marker: transactional and control (bits 4 and 5); key
    /// version 0 type 1 (commit), value version 0 coordinator epoch 5.
    static let commitMarker: [UInt8] = header(
        baseOffset: 105, length: 66, crc: 0x37BE_148C, attributes: 0x0030, lastOffsetDelta: 0,
        baseTimestamp: 1_700_000_003_000, maxTimestamp: 1_700_000_003_000, producerID: 4000, producerEpoch: 0, count: 1)
        + [0x20, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00]

    static let plainHeader = KafkaRecordBatchHeader(
        baseOffset: 100, batchLength: 58, partitionLeaderEpoch: 3, crc: 0xBBCC_4115, attributes: .init(rawValue: 0),
        lastOffsetDelta: 0, baseTimestamp: 1_700_000_000_000, maxTimestamp: 1_700_000_000_000, producerID: -1,
        producerEpoch: -1, baseSequence: -1, recordCount: 1)

    func scan(_ bytes: [UInt8]) -> [KafkaRecordBatchScan] { Array(KafkaRecordBatchScanner(records: kafkaBuffer(bytes))) }

    func partition(_ bytes: [UInt8]?, error: KafkaErrorCode = .none, logStartOffset: Int64 = 0) -> FetchResponse.Partition {
        .init(partitionIndex: 0, errorCode: error, highWatermark: 200, logStartOffset: logStartOffset, records: bytes.map(kafkaBuffer))
    }

    @Test func crc32cGivesTheStandardCheckValue() {
        #expect(KafkaCRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(KafkaCRC32C.checksum([UInt8]()) == 0)
    }

    @Test func readsAnUncompressedBatchHeaderAndChecksItsCRC() {
        #expect(Self.plain.count == 70)
        #expect(scan(Self.plain) == [.complete(Self.plainHeader)])
        #expect(Self.plainHeader.lastOffset == 100)
        #expect(Self.plainHeader.totalSize == 70)
        #expect(Self.plainHeader.attributes.compressionCodec == KafkaCompressionCodec.none)
        #expect(Self.plainHeader.attributes.timestampType == .createTime)
    }

    @Test func readsCompressedHeadersWithoutDecompressing() throws {
        guard case .complete(let gzip) = try #require(scan(Self.gzipped).first) else {
            Issue.record("gzip batch: \(scan(Self.gzipped))")
            return
        }
        #expect(gzip == KafkaRecordBatchHeader(
            baseOffset: 101, batchLength: 63, partitionLeaderEpoch: 3, crc: 0x5189_FE6D, attributes: .init(rawValue: 1),
            lastOffsetDelta: 2, baseTimestamp: 1_700_000_001_000, maxTimestamp: 1_700_000_001_250, producerID: 4000,
            producerEpoch: 0, baseSequence: 7, recordCount: 3))
        #expect(gzip.attributes.compressionCodec == .gzip)
        #expect(gzip.lastOffset == 103)
        #expect(gzip.contains(102) && !gzip.contains(104) && !gzip.contains(100))

        guard case .complete(let zstd) = try #require(scan(Self.zstdAppended).first) else {
            Issue.record("zstd batch: \(scan(Self.zstdAppended))")
            return
        }
        #expect(zstd.attributes.compressionCodec == .zstd)
        #expect(zstd.attributes.timestampType == .logAppendTime)
        #expect(zstd.attributes.isTransactional == false && zstd.attributes.isControl == false)
    }

    @Test func createTimeCountsFromTheFirstTimestampAndLogAppendTimeFromTheMax() {
        #expect(KafkaCommitTimeReader.recordTime(at: 102, in: partition(Self.gzipped)) == .known(KafkaRecordTime(
            firstTimestamp: 1_700_000_001_000, maxTimestamp: 1_700_000_001_250, timestampType: .createTime,
            batchBaseOffset: 101, batchLastOffset: 103, compressionCodec: .gzip)))
        let appended = KafkaRecordTime(
            firstTimestamp: 1_700_000_002_000, maxTimestamp: 1_700_000_009_000, timestampType: .logAppendTime,
            batchBaseOffset: 104, batchLastOffset: 104, compressionCodec: .zstd)
        #expect(KafkaCommitTimeReader.recordTime(at: 104, in: partition(Self.zstdAppended)) == .known(appended))
        #expect(appended.timestamp == 1_700_000_009_000)
        #expect(KafkaRecordTime(firstTimestamp: 5, maxTimestamp: 9, timestampType: .createTime, batchBaseOffset: 0, batchLastOffset: 1).timestamp == 5)
    }

    @Test func walksSeveralBatchesAndFindsTheOneHoldingTheOffset() {
        let log = Self.plain + Self.gzipped + Self.zstdAppended
        #expect(scan(log).count == 3)
        // The first batch returned ends before 102: a broker starts at the batch holding the
        // offset, but nothing here relies on it.
        guard case .known(let time) = KafkaCommitTimeReader.recordTime(at: 102, in: partition(log)) else {
            Issue.record("no time for 102")
            return
        }
        #expect(time.batchBaseOffset == 101 && time.batchLastOffset == 103 && time.firstTimestamp == 1_700_000_001_000)
        // 101 starts the gzip batch; 100 is the plain one.
        #expect(KafkaCommitTimeReader.recordTime(at: 100, in: partition(log)) == .known(KafkaRecordTime(
            firstTimestamp: 1_700_000_000_000, maxTimestamp: 1_700_000_000_000, timestampType: .createTime,
            batchBaseOffset: 100, batchLastOffset: 100)))
    }

    @Test func transactionMarkersAreSteppedOver() {
        // The group committed 105, the commit marker, as consumers do after a transaction: the
        // next record it will read is the one after the marker.
        let log = Self.commitMarker + Self.zstdAppended.withBaseOffset(106)
        guard case .complete(let marker) = scan(log).first else {
            Issue.record("marker: \(scan(log))")
            return
        }
        #expect(marker.attributes.isControl && marker.attributes.isTransactional)
        guard case .known(let time) = KafkaCommitTimeReader.recordTime(at: 105, in: partition(log)) else {
            Issue.record("no time after the marker")
            return
        }
        #expect(time.batchBaseOffset == 106)
        #expect(time.timestamp == 1_700_000_009_000)
        // A marker and nothing after it: no record to date.
        #expect(KafkaCommitTimeReader.recordTime(at: 105, in: partition(Self.commitMarker)) == .unknown(.noRecordsReturned))
    }

    @Test func aBatchCutAfterItsHeaderStillGivesItsTime() {
        // max_bytes ends the data inside the records, as it usually does for the last batch.
        let cut = Array(Self.plain[..<64])
        #expect(scan(cut) == [.cut(Self.plainHeader, availableBytes: 64)])
        #expect(KafkaCommitTimeReader.recordTime(at: 100, in: partition(cut)) == .known(KafkaRecordTime(
            firstTimestamp: 1_700_000_000_000, maxTimestamp: 1_700_000_000_000, timestampType: .createTime,
            batchBaseOffset: 100, batchLastOffset: 100)))
        // After a whole batch, the next one cut at exactly its header.
        let two = Self.gzipped + Array(Self.zstdAppended[..<61])
        #expect(scan(two).count == 2)
        #expect(KafkaCommitTimeReader.recordTime(at: 104, in: partition(two)).isKnown)
    }

    @Test func aBatchCutInsideItsHeaderIsNotGuessedAt() {
        for length in [1, 16, 17, 40, 60] {
            let cut = Array(Self.plain[..<length])
            #expect(scan(cut) == [.headerCut(availableBytes: length)], "cut at \(length)")
            #expect(KafkaCommitTimeReader.recordTime(at: 100, in: partition(cut)) == .unknown(.batchHeaderCut(availableBytes: length)))
        }
        // A whole batch, then 30 bytes of the next.
        let log = Self.plain + Array(Self.gzipped[..<30])
        #expect(scan(log) == [.complete(Self.plainHeader), .headerCut(availableBytes: 30)])
        #expect(KafkaCommitTimeReader.recordTime(at: 101, in: partition(log)) == .unknown(.batchHeaderCut(availableBytes: 30)))
    }

    @Test func batchLengthsThatLieAreCaught() {
        // Longer than the data: a cut batch, read no further, nothing allocated.
        for claimed: Int32 in [59, 1_000_000, Int32.max] {
            var bytes = Self.plain
            bytes.replaceSubrange(8..<12, with: kafkaInt32(claimed))
            var expected = Self.plainHeader
            expected.batchLength = claimed
            #expect(scan(bytes) == [.cut(expected, availableBytes: 70)], "length \(claimed)")
        }
        // Negative, or too short for a header.
        for claimed: Int32 in [-5, Int32.min, 0, 48] {
            var bytes = Self.plain
            bytes.replaceSubrange(8..<12, with: kafkaInt32(claimed))
            #expect(scan(bytes) == [.malformed(.invalidBatchLength(claimed))], "length \(claimed)")
        }
        // Shorter than the batch, yet long enough for a header: the CRC then covers fewer bytes.
        var short = Self.plain
        short.replaceSubrange(8..<12, with: kafkaInt32(57))
        guard case .malformed(.checksumMismatch(stored: 0xBBCC_4115, computed: _)) = scan(short).first else {
            Issue.record("short length: \(scan(short))")
            return
        }
    }

    @Test func aChangedByteFailsTheCRC() {
        var bytes = Self.plain
        bytes[68] = 0x6A  // "hi" becomes "hj"
        #expect(scan(bytes) == [.malformed(.checksumMismatch(stored: 0xBBCC_4115, computed: 0x8F2B_E98C))])
        #expect(KafkaCommitTimeReader.recordTime(at: 100, in: partition(bytes))
            == .unknown(.corruptBatch(.checksumMismatch(stored: 0xBBCC_4115, computed: 0x8F2B_E98C))))
    }

    @Test func oldMessageFormatsAreNamedNotRead() {
        // Magic 1: offset, message size, CRC, magic, attributes, timestamp, null key, value "hi".
        let messageV1: [UInt8] = kafkaInt64(100) + kafkaInt32(24) + kafkaInt32(0x1234_5678) + [0x01, 0x00]
            + kafkaInt64(1_700_000_000_000) + kafkaInt32(-1) + kafkaInt32(2) + [0x68, 0x69]
        #expect(scan(messageV1) == [.oldMessageFormat(magic: 1)])
        #expect(KafkaCommitTimeReader.recordTime(at: 100, in: partition(messageV1)) == .unknown(.oldMessageFormat(magic: 1)))
        var messageV0 = messageV1
        messageV0[16] = 0
        #expect(scan(Array(messageV0[..<17])) == [.oldMessageFormat(magic: 0)])
        var unknown = Self.plain
        unknown[16] = 3
        #expect(scan(unknown) == [.malformed(.unknownMagic(3))])
    }

    @Test func negativeCountsAreMalformed() {
        var delta = Self.plain
        delta.replaceSubrange(23..<27, with: kafkaInt32(-1))
        #expect(scan(delta) == [.malformed(.negativeCount(what: "last offset delta", value: -1))])
        var count = Self.plain
        count.replaceSubrange(57..<61, with: kafkaInt32(-2))
        #expect(scan(count) == [.malformed(.negativeCount(what: "record count", value: -2))])
    }

    @Test func batchesWithoutATimeSayWhy() {
        // The cleaner emptied the batch (count 0, base timestamp -1): stepped over.
        var emptied = Self.plain
        emptied.replaceSubrange(57..<61, with: kafkaInt32(0))
        #expect(KafkaCommitTimeReader.recordTime(at: 100, in: partition(Array(emptied[..<61]))) == .unknown(.noRecordsReturned))
        // No timestamp at all.
        var untimed = Array(Self.plain[..<61])
        untimed.replaceSubrange(27..<35, with: kafkaInt64(-1))
        #expect(KafkaCommitTimeReader.recordTime(at: 100, in: partition(untimed)) == .unknown(.noTimestamp))
        // The base timestamp is the delete horizon (bit 6).
        var horizon = Array(Self.plain[..<61])
        horizon.replaceSubrange(21..<23, with: kafkaInt16(0x0040))
        #expect(KafkaCommitTimeReader.recordTime(at: 100, in: partition(horizon)) == .unknown(.timestampIsDeleteHorizon))
        // With log-append time the max timestamp counts, whatever the base says.
        horizon.replaceSubrange(21..<23, with: kafkaInt16(0x0048))
        #expect(KafkaCommitTimeReader.recordTime(at: 100, in: partition(horizon)).isKnown)
    }

    @Test func partitionErrorsAndEmptyAnswersBecomeReasons() {
        #expect(KafkaCommitTimeReader.recordTime(at: 5, in: partition(nil, error: KafkaErrorCode(1), logStartOffset: 50))
            == .unknown(.committedOffsetDeleted(logStartOffset: 50)))
        // Out of range above the log start (the log was truncated under the commit): not deleted.
        #expect(KafkaCommitTimeReader.recordTime(at: 70, in: partition(nil, error: KafkaErrorCode(1), logStartOffset: 50))
            == .unknown(.brokerError(KafkaErrorCode(1))))
        #expect(KafkaCommitTimeReader.recordTime(at: 5, in: partition(nil, error: .notLeaderOrFollower)) == .unknown(.brokerError(.notLeaderOrFollower)))
        #expect(KafkaCommitTimeReader.recordTime(at: 5, in: partition(nil)) == .unknown(.noRecordsReturned))
        #expect(KafkaCommitTimeReader.recordTime(at: 5, in: partition([])) == .unknown(.noRecordsReturned))
        // Batches wholly before the offset (a broker would not send them): nothing to date.
        #expect(KafkaCommitTimeReader.recordTime(at: 101, in: partition(Self.plain)) == .unknown(.noRecordsReturned))
    }

    @Test func everyPrefixOfALogScansWithoutTrapping() {
        let log = Self.plain + Self.gzipped + Self.commitMarker + Self.zstdAppended
        for cut in 0...log.count {
            let steps = scan(Array(log[..<cut]))
            #expect(steps.count <= 4)
            _ = KafkaCommitTimeReader.recordTime(at: 103, in: partition(Array(log[..<cut])))
        }
    }
}

extension KafkaCommitTime.Time {
    var isKnown: Bool {
        if case .known = self { true } else { false }
    }
}

extension Array where Element == UInt8 {
    /// The batch with another base offset: the CRC does not cover it, so it stays valid.
    func withBaseOffset(_ offset: Int64) -> [UInt8] {
        var bytes = self
        bytes.replaceSubrange(0..<8, with: kafkaInt64(offset))
        return bytes
    }
}
