import Foundation

/// The time of a record, known to the precision of the record batch that holds it: what the
/// header of that batch says, without reading (or decompressing) its records.
package struct KafkaRecordTime: Sendable, Equatable, Codable {
    /// The batch's first timestamp (its base timestamp), in milliseconds since the epoch.
    package var firstTimestamp: Int64
    /// The batch's largest timestamp, or the leader's append time, in milliseconds since the epoch.
    package var maxTimestamp: Int64
    package var timestampType: KafkaTimestampType
    /// The offsets of the batch's first and last records.
    package var batchBaseOffset: Int64
    package var batchLastOffset: Int64
    package var compressionCodec: KafkaCompressionCodec?
    package var isTransactional: Bool

    package init(
        firstTimestamp: Int64, maxTimestamp: Int64, timestampType: KafkaTimestampType, batchBaseOffset: Int64,
        batchLastOffset: Int64, compressionCodec: KafkaCompressionCodec? = KafkaCompressionCodec.none, isTransactional: Bool = false
    ) {
        self.firstTimestamp = firstTimestamp
        self.maxTimestamp = maxTimestamp
        self.timestampType = timestampType
        self.batchBaseOffset = batchBaseOffset
        self.batchLastOffset = batchLastOffset
        self.compressionCodec = compressionCodec
        self.isTransactional = isTransactional
    }

    /// The time lag is counted from, in milliseconds since the epoch.
    ///
    /// With log-append time every record of the batch carries the leader's append time, which is
    /// the max timestamp: exact. With create time the record asked about lies somewhere between
    /// the batch's first record and its last, and the first timestamp is taken. The record at
    /// the committed offset is the oldest one the group has not consumed; a producer stamps
    /// records as it appends them to a batch, so (unless the application sets its own
    /// timestamps out of order) the first timestamp is at or before that record's own. The lag
    /// it gives is then at least the true lag, and overstates it by at most the time the batch
    /// took to fill (the producer's `linger.ms`, milliseconds as a rule). The max timestamp would
    /// err the other way and call a consumer less behind than it is; for a number an operator
    /// acts on, "a little more behind" is the safer error. Both stay here for whoever wants the
    /// range.
    package var timestamp: Int64 { timestampType == .logAppendTime ? maxTimestamp : firstTimestamp }

    /// ``timestamp`` as a date.
    package var date: Date { Date(timeIntervalSince1970: Double(timestamp) / 1000) }
}

/// What infratop read of the record at a consumer group's committed offset in one partition:
/// its time at batch precision, or why that is not known.
package struct KafkaCommitTime: Sendable, Equatable, Codable {
    /// Why the time of the record at a committed offset is not known.
    package enum Reason: Sendable, Equatable, Codable {
        /// The committed offset is below the log start: retention deleted the record, and the
        /// group's consumers will start from their reset policy. `logStartOffset` is -1 when the
        /// broker did not say.
        case committedOffsetDeleted(logStartOffset: Int64)
        /// The log holds the record in a message set older than Kafka 0.11, whose header has no
        /// batch timestamps.
        case oldMessageFormat(magic: Int8)
        /// The batch carries no timestamp (-1).
        case noTimestamp
        /// The log cleaner replaced the batch's first timestamp with its delete horizon (KIP-534),
        /// so create time is not known.
        case timestampIsDeleteHorizon
        /// The record data is not record batches as Kafka writes them.
        case corruptBatch(KafkaRecordBatchError)
        /// The leader sent no data batch at or after the offset: the answer's size limit was
        /// used up by other partitions, it named a preferred replica to read from, or it held
        /// only transaction markers and emptied batches. Asked again at the next read.
        case noRecordsReturned
        /// Fewer than the 61 bytes of a batch header came back. Asked again at the next read.
        case batchHeaderCut(availableBytes: Int)
        /// The leader answered the partition with this error, such as NOT_LEADER_OR_FOLLOWER
        /// after a leader change. Asked again at the next read.
        case brokerError(KafkaErrorCode)
        /// The Fetch request failed; the sentence says how. Asked again at the next read.
        case requestFailed(String)
        /// The partition has no leader to ask.
        case leaderUnknown
        /// The partition's leader could not be reached this poll.
        case leaderUnreachable(broker: Int32)
        /// The leader does not speak Fetch at a version infratop does (4–12).
        case fetchUnavailable(broker: Int32)
        /// The Fetch answer did not come within the time a poll gives it.
        case noAnswerInTime
        /// The offset has not been read yet: the commit moved since the last read, and times are
        /// read only every few polls.
        case notReadYet

        /// Whether the same answer would come again for the same committed offset, so that it is
        /// worth keeping rather than asking again.
        package var isLasting: Bool {
            switch self {
            case .committedOffsetDeleted, .oldMessageFormat, .noTimestamp, .timestampIsDeleteHorizon: true
            default: false
            }
        }
    }

    /// The record's time, or why it is unknown.
    package enum Time: Sendable, Equatable, Codable {
        case known(KafkaRecordTime)
        case unknown(Reason)
    }

    /// The committed offset this was read for; the group may have moved on since.
    package var committedOffset: Int64
    package var time: Time
    /// When it was read: the start of the poll that read it.
    package var readAt: Date

    package init(committedOffset: Int64, time: Time, readAt: Date) {
        self.committedOffset = committedOffset
        self.time = time
        self.readAt = readAt
    }

    /// The time of the record at `offset`, if this reading tells it: the offset it was read for,
    /// or a later one still inside the batch that was found. (The batch found for an offset is
    /// the first data batch ending at or after it, so every offset from that one to the batch's
    /// last has the same answer.)
    package func recordTime(at offset: Int64) -> KafkaRecordTime? {
        guard case .known(let time) = time, committedOffset <= offset, offset <= time.batchLastOffset else { return nil }
        return time
    }
}

extension KafkaCommitTime.Time {
    /// The time of the records in the batch `header` describes, or why its header holds none.
    init(batch header: KafkaRecordBatchHeader) {
        let time = KafkaRecordTime(
            firstTimestamp: header.baseTimestamp, maxTimestamp: header.maxTimestamp,
            timestampType: header.attributes.timestampType, batchBaseOffset: header.baseOffset,
            batchLastOffset: header.lastOffset, compressionCodec: header.attributes.compressionCodec,
            isTransactional: header.attributes.isTransactional)
        if time.timestampType == .createTime, header.attributes.hasDeleteHorizon {
            self = .unknown(.timestampIsDeleteHorizon)
        } else if time.timestamp < 0 {
            // -1 is the protocol's "no timestamp"; any other negative time is no time either.
            self = .unknown(.noTimestamp)
        } else {
            self = .known(time)
        }
    }
}
