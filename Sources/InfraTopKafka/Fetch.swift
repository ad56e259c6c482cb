import NIOCore

/// Fetch request (key 1): record data from a partition's leader, read here only for the header
/// of the record batch that holds a consumer group's committed offset (see
/// ``KafkaCommitTimeReader``). infratop fetches as a consumer (replica id -1) outside any group
/// and outside any fetch session, so the broker keeps no state for it and no offset moves.
///
/// Versions 4 to 12. Version 4 is the first whose answers may hold record batch v2 (the only
/// format whose header carries timestamps for the whole batch); Kafka 4.0 dropped 0–3.
/// Version 12 is the first flexible one. Version 13 and later name topics by id instead of by
/// name and add nothing a reader of one batch header needs (tiered-storage errors, follower
/// state, leader endpoints), so infratop stops at 12, which every broker from 2.7 to 4.x speaks.
package struct FetchRequest: KafkaRequest {
    package typealias Response = FetchResponse
    package static let apiKey = KafkaAPIKey.fetch
    package static let supportedVersions: ClosedRange<Int16> = 4...12
    package static let firstFlexibleVersion: Int16 = 12

    /// The replica id consumers (and infratop) send.
    static let consumerReplicaID: Int32 = -1
    /// The session epoch that asks for a full fetch outside any fetch session (v7+).
    package static let sessionlessEpoch: Int32 = -1

    /// One partition to read from, and where.
    package struct Partition: Sendable, Equatable {
        package var partitionIndex: Int32
        /// The leader epoch the client knows (v9+), -1 when unknown.
        package var currentLeaderEpoch: Int32
        /// The first offset wanted; the answer starts with the batch that holds it.
        package var fetchOffset: Int64
        /// The epoch of the last record fetched (v12+), -1 when none: followers only.
        package var lastFetchedEpoch: Int32
        /// The follower's log start offset (v5+), -1 from consumers.
        package var logStartOffset: Int64
        /// At most this many bytes of this partition's records, except that the first batch of
        /// the whole answer always comes whole (KIP-74).
        package var partitionMaxBytes: Int32

        package init(
            partitionIndex: Int32, currentLeaderEpoch: Int32 = -1, fetchOffset: Int64, lastFetchedEpoch: Int32 = -1,
            logStartOffset: Int64 = -1, partitionMaxBytes: Int32
        ) {
            self.partitionIndex = partitionIndex
            self.currentLeaderEpoch = currentLeaderEpoch
            self.fetchOffset = fetchOffset
            self.lastFetchedEpoch = lastFetchedEpoch
            self.logStartOffset = logStartOffset
            self.partitionMaxBytes = partitionMaxBytes
        }
    }

    package struct Topic: Sendable, Equatable {
        package var name: String
        package var partitions: [Partition]

        package init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    /// Partitions to drop from an incremental fetch session (v7+); infratop never has one.
    package struct ForgottenTopic: Sendable, Equatable {
        package var name: String
        package var partitionIndexes: [Int32]

        package init(name: String, partitionIndexes: [Int32]) {
            self.name = name
            self.partitionIndexes = partitionIndexes
        }
    }

    var replicaID: Int32
    /// How long the broker may wait for `minBytes` to accumulate.
    package var maxWaitMs: Int32
    package var minBytes: Int32
    /// At most this many bytes in the whole answer, except that its first batch comes whole.
    package var maxBytes: Int32
    package var isolationLevel: KafkaIsolationLevel
    /// The fetch session (v7+): 0 for none.
    package var sessionID: Int32
    /// The session epoch (v7+): ``sessionlessEpoch`` for a full fetch that opens no session.
    package var sessionEpoch: Int32
    package var topics: [Topic]
    package var forgottenTopics: [ForgottenTopic]
    /// The consumer's rack (v11+), for fetching from a nearby follower; "" for none.
    package var rackID: String

    package init(
        replicaID: Int32 = FetchRequest.consumerReplicaID, maxWaitMs: Int32, minBytes: Int32, maxBytes: Int32,
        isolationLevel: KafkaIsolationLevel, sessionID: Int32 = 0, sessionEpoch: Int32 = FetchRequest.sessionlessEpoch,
        topics: [Topic], forgottenTopics: [ForgottenTopic] = [], rackID: String = ""
    ) {
        self.replicaID = replicaID
        self.maxWaitMs = maxWaitMs
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.isolationLevel = isolationLevel
        self.sessionID = sessionID
        self.sessionEpoch = sessionEpoch
        self.topics = topics
        self.forgottenTopics = forgottenTopics
        self.rackID = rackID
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        writer.writeInt32(replicaID)
        writer.writeInt32(maxWaitMs)
        writer.writeInt32(minBytes)
        writer.writeInt32(maxBytes)
        writer.writeInt8(isolationLevel.rawValue)
        if version >= 7 {
            writer.writeInt32(sessionID)
            writer.writeInt32(sessionEpoch)
        }
        try writer.writeArray(topics) { writer, topic in
            try writer.writeString(topic.name)
            try writer.writeArray(topic.partitions) { writer, partition in
                writer.writeInt32(partition.partitionIndex)
                if version >= 9 { writer.writeInt32(partition.currentLeaderEpoch) }
                writer.writeInt64(partition.fetchOffset)
                if version >= 12 { writer.writeInt32(partition.lastFetchedEpoch) }
                if version >= 5 { writer.writeInt64(partition.logStartOffset) }
                writer.writeInt32(partition.partitionMaxBytes)
                writer.writeEmptyTaggedFields()
            }
            writer.writeEmptyTaggedFields()
        }
        if version >= 7 {
            try writer.writeArray(forgottenTopics) { writer, topic in
                try writer.writeString(topic.name)
                try writer.writeInt32Array(topic.partitionIndexes)
                writer.writeEmptyTaggedFields()
            }
        } else if !forgottenTopics.isEmpty {
            throw KafkaProtocolError.invalidValue(what: "forgotten topic count before v7", value: Int64(forgottenTopics.count))
        }
        if version >= 11 { try writer.writeString(rackID) }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> FetchRequest {
        let replicaID = try reader.readInt32()
        let maxWaitMs = try reader.readInt32()
        let minBytes = try reader.readInt32()
        let maxBytes = try reader.readInt32()
        let rawLevel = try reader.readInt8()
        guard let isolationLevel = KafkaIsolationLevel(rawValue: rawLevel) else {
            throw KafkaProtocolError.invalidValue(what: "isolation level", value: Int64(rawLevel))
        }
        var request = FetchRequest(
            replicaID: replicaID, maxWaitMs: maxWaitMs, minBytes: minBytes, maxBytes: maxBytes,
            isolationLevel: isolationLevel, topics: [])
        if version >= 7 {
            request.sessionID = try reader.readInt32()
            request.sessionEpoch = try reader.readInt32()
        }
        request.topics = try reader.readArray { reader in
            let name = try reader.readString()
            let partitions = try reader.readArray(minimumElementSize: 16) { reader in
                var partition = Partition(partitionIndex: try reader.readInt32(), fetchOffset: 0, partitionMaxBytes: 0)
                if version >= 9 { partition.currentLeaderEpoch = try reader.readInt32() }
                partition.fetchOffset = try reader.readInt64()
                if version >= 12 { partition.lastFetchedEpoch = try reader.readInt32() }
                if version >= 5 { partition.logStartOffset = try reader.readInt64() }
                partition.partitionMaxBytes = try reader.readInt32()
                try reader.readTaggedFields()
                return partition
            }
            try reader.readTaggedFields()
            return Topic(name: name, partitions: partitions)
        }
        if version >= 7 {
            request.forgottenTopics = try reader.readArray { reader in
                let topic = ForgottenTopic(name: try reader.readString(), partitionIndexes: try reader.readInt32Array())
                try reader.readTaggedFields()
                return topic
            }
        }
        if version >= 11 { request.rackID = try reader.readString() }
        try reader.readTaggedFields()
        return request
    }
}

/// Fetch response: per partition, an error code, the log's offsets and a slice of its records.
///
/// The records are kept as a slice of the frame, not copied, and not decoded here: see
/// ``KafkaRecordBatchHeader``.
package struct FetchResponse: KafkaResponse {
    package static let apiKey = KafkaAPIKey.fetch
    package static let supportedVersions = FetchRequest.supportedVersions
    package static let firstFlexibleVersion = FetchRequest.firstFlexibleVersion

    /// A transaction aborted within the records returned (v4+, read-committed fetches).
    package struct AbortedTransaction: Sendable, Equatable {
        package var producerID: Int64
        package var firstOffset: Int64

        package init(producerID: Int64, firstOffset: Int64) {
            self.producerID = producerID
            self.firstOffset = firstOffset
        }
    }

    /// The leader as the answering broker knows it (v12+, tagged field 1), sent with
    /// NOT_LEADER_OR_FOLLOWER and FENCED_LEADER_EPOCH.
    package struct CurrentLeader: Sendable, Equatable {
        /// -1 when unknown.
        package var leaderID: Int32
        /// -1 when unknown.
        package var leaderEpoch: Int32

        package init(leaderID: Int32, leaderEpoch: Int32) {
            self.leaderID = leaderID
            self.leaderEpoch = leaderEpoch
        }
    }

    package struct Partition: Sendable, Equatable {
        package var partitionIndex: Int32
        package var errorCode: KafkaErrorCode
        package var highWatermark: Int64
        /// The last stable offset: below it every transaction is decided; -1 when unknown.
        package var lastStableOffset: Int64
        /// The first offset still in the log (v5+); -1 when unknown.
        package var logStartOffset: Int64
        /// Null when the broker sends none (v4+).
        package var abortedTransactions: [AbortedTransaction]?
        /// A follower to fetch from instead (v11+), -1 for none.
        package var preferredReadReplica: Int32
        /// The record data, null or empty when there is none; its last batch may be cut short.
        package var records: ByteBuffer?
        /// The leader, when the broker says (v12+, tagged).
        package var currentLeader: CurrentLeader?

        package init(
            partitionIndex: Int32, errorCode: KafkaErrorCode = .none, highWatermark: Int64, lastStableOffset: Int64 = -1,
            logStartOffset: Int64 = -1, abortedTransactions: [AbortedTransaction]? = nil, preferredReadReplica: Int32 = -1,
            records: ByteBuffer?, currentLeader: CurrentLeader? = nil
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.highWatermark = highWatermark
            self.lastStableOffset = lastStableOffset
            self.logStartOffset = logStartOffset
            self.abortedTransactions = abortedTransactions
            self.preferredReadReplica = preferredReadReplica
            self.records = records
            self.currentLeader = currentLeader
        }
    }

    package struct Topic: Sendable, Equatable {
        package var name: String
        package var partitions: [Partition]

        package init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    /// Milliseconds the broker throttled the request.
    package var throttleTimeMs: Int32
    /// The error for the whole request (v7+), such as a fetch session error.
    package var errorCode: KafkaErrorCode
    /// The fetch session (v7+), 0 for none.
    package var sessionID: Int32
    package var topics: [Topic]

    package init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, sessionID: Int32 = 0, topics: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.sessionID = sessionID
        self.topics = topics
    }

    /// The fewest bytes one partition takes on the wire at `version`, for checking a count
    /// against the bytes left before reading.
    static func minimumPartitionSize(version: Int16) -> Int {
        // index, error, high watermark, last stable offset; then the optional fixed fields;
        // aborted transactions and records as nulls (4 bytes classic, 1 compact); tagged fields.
        var size = 4 + 2 + 8 + 8
        if version >= 5 { size += 8 }
        if version >= 11 { size += 4 }
        size += version >= 12 ? 1 + 1 + 1 : 4 + 4
        return size
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        writer.writeInt32(throttleTimeMs)
        if version >= 7 {
            writer.writeErrorCode(errorCode)
            writer.writeInt32(sessionID)
        }
        try writer.writeArray(topics) { writer, topic in
            try writer.writeString(topic.name)
            try writer.writeArray(topic.partitions) { writer, partition in
                writer.writeInt32(partition.partitionIndex)
                writer.writeErrorCode(partition.errorCode)
                writer.writeInt64(partition.highWatermark)
                writer.writeInt64(partition.lastStableOffset)
                if version >= 5 { writer.writeInt64(partition.logStartOffset) }
                try writer.writeNullableArray(partition.abortedTransactions) { writer, aborted in
                    writer.writeInt64(aborted.producerID)
                    writer.writeInt64(aborted.firstOffset)
                    writer.writeEmptyTaggedFields()
                }
                if version >= 11 { writer.writeInt32(partition.preferredReadReplica) }
                try writer.writeNullableByteSlice(partition.records)
                var fields: [(tag: UInt32, bytes: [UInt8])] = []
                if let leader = partition.currentLeader {
                    var field = KafkaWriter(isFlexible: true)
                    field.writeInt32(leader.leaderID)
                    field.writeInt32(leader.leaderEpoch)
                    field.writeEmptyTaggedFields()
                    fields.append((1, Array(field.buffer.readableBytesView)))
                }
                writer.writeTaggedFields(fields)
            }
            writer.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> FetchResponse {
        var response = FetchResponse(topics: [])
        response.throttleTimeMs = try reader.readInt32()
        if version >= 7 {
            response.errorCode = try reader.readErrorCode()
            response.sessionID = try reader.readInt32()
        }
        let partitionSize = minimumPartitionSize(version: version)
        response.topics = try reader.readArray { reader in
            let name = try reader.readString()
            let partitions = try reader.readArray(minimumElementSize: partitionSize) { reader in
                var partition = Partition(
                    partitionIndex: try reader.readInt32(), errorCode: try reader.readErrorCode(),
                    highWatermark: try reader.readInt64(), lastStableOffset: try reader.readInt64(), records: nil)
                if version >= 5 { partition.logStartOffset = try reader.readInt64() }
                partition.abortedTransactions = try reader.readNullableArray(minimumElementSize: 16) { reader in
                    let aborted = AbortedTransaction(producerID: try reader.readInt64(), firstOffset: try reader.readInt64())
                    try reader.readTaggedFields()
                    return aborted
                }
                if version >= 11 { partition.preferredReadReplica = try reader.readInt32() }
                partition.records = try reader.readNullableByteSlice()
                try reader.readTaggedFields { tag, field in
                    // Tag 0 (diverging epoch) and 2 (snapshot id) concern followers only.
                    guard tag == 1 else { return }
                    partition.currentLeader = CurrentLeader(leaderID: try field.readInt32(), leaderEpoch: try field.readInt32())
                    try field.readTaggedFields()
                }
                return partition
            }
            try reader.readTaggedFields()
            return Topic(name: name, partitions: partitions)
        }
        try reader.readTaggedFields()
        return response
    }
}
