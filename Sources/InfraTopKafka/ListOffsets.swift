/// Whether records of transactions not yet committed are visible to a read (ListOffsets v2+,
/// Fetch v4+).
package enum KafkaIsolationLevel: Int8, Sendable {
    /// Everything up to the high watermark, open and aborted transactions included.
    case readUncommitted = 0
    /// Only up to the last stable offset: no record of a transaction still open.
    case readCommitted = 1
}

/// ListOffsets request (key 2): the earliest or latest offset of partitions,
/// from which the dashboard derives message rates and consumer lag.
package struct ListOffsetsRequest: KafkaRequest {
    package typealias Response = ListOffsetsResponse
    package static let apiKey = KafkaAPIKey.listOffsets
    /// v0 (lists of old-style offsets) is left out; every supported broker speaks v1.
    package static let supportedVersions: ClosedRange<Int16> = 1...7
    package static let firstFlexibleVersion: Int16 = 6

    /// The timestamp that asks for the offset after the last message.
    package static let latestTimestamp: Int64 = -1
    /// The timestamp that asks for the first offset still in the log.
    package static let earliestTimestamp: Int64 = -2
    /// The replica id consumers (and infratop) send.
    static let consumerReplicaID: Int32 = -1

    /// Isolation level (v2+): whether transactional messages not yet committed count.
    package typealias IsolationLevel = KafkaIsolationLevel

    package struct Partition: Sendable, Equatable {
        package var partitionIndex: Int32
        /// The leader epoch the client knows (v4+), -1 when unknown.
        package var currentLeaderEpoch: Int32
        /// A time in milliseconds, `latestTimestamp` or `earliestTimestamp`.
        package var timestamp: Int64

        package init(partitionIndex: Int32, currentLeaderEpoch: Int32 = -1, timestamp: Int64) {
            self.partitionIndex = partitionIndex
            self.currentLeaderEpoch = currentLeaderEpoch
            self.timestamp = timestamp
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

    var replicaID: Int32
    package var isolationLevel: IsolationLevel
    package var topics: [Topic]

    package init(
        replicaID: Int32 = ListOffsetsRequest.consumerReplicaID,
        isolationLevel: IsolationLevel = .readUncommitted, topics: [Topic]
    ) {
        self.replicaID = replicaID
        self.isolationLevel = isolationLevel
        self.topics = topics
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        writer.writeInt32(replicaID)
        if version >= 2 { writer.writeInt8(isolationLevel.rawValue) }
        try writer.writeArray(topics) { writer, topic in
            try writer.writeString(topic.name)
            try writer.writeArray(topic.partitions) { writer, partition in
                writer.writeInt32(partition.partitionIndex)
                if version >= 4 { writer.writeInt32(partition.currentLeaderEpoch) }
                writer.writeInt64(partition.timestamp)
                writer.writeEmptyTaggedFields()
            }
            writer.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> ListOffsetsRequest {
        let replicaID = try reader.readInt32()
        var isolationLevel = IsolationLevel.readUncommitted
        if version >= 2 {
            let raw = try reader.readInt8()
            guard let level = IsolationLevel(rawValue: raw) else {
                throw KafkaProtocolError.invalidValue(what: "isolation level", value: Int64(raw))
            }
            isolationLevel = level
        }
        let topics = try reader.readArray { reader in
            let name = try reader.readString()
            let partitions = try reader.readArray(minimumElementSize: 12) { reader in
                var partition = Partition(partitionIndex: try reader.readInt32(), timestamp: 0)
                if version >= 4 { partition.currentLeaderEpoch = try reader.readInt32() }
                partition.timestamp = try reader.readInt64()
                try reader.readTaggedFields()
                return partition
            }
            try reader.readTaggedFields()
            return Topic(name: name, partitions: partitions)
        }
        try reader.readTaggedFields()
        return ListOffsetsRequest(replicaID: replicaID, isolationLevel: isolationLevel, topics: topics)
    }
}

/// ListOffsets response: one offset per partition asked for.
package struct ListOffsetsResponse: KafkaResponse {
    package static let apiKey = KafkaAPIKey.listOffsets
    package static let supportedVersions = ListOffsetsRequest.supportedVersions
    package static let firstFlexibleVersion = ListOffsetsRequest.firstFlexibleVersion

    package struct Partition: Sendable, Equatable {
        package var partitionIndex: Int32
        package var errorCode: KafkaErrorCode
        /// The timestamp of the offset found, -1 for latest/earliest queries.
        package var timestamp: Int64
        /// The offset found, -1 when there is none.
        package var offset: Int64
        /// The leader epoch of the offset (v4+), -1 when unknown.
        package var leaderEpoch: Int32

        package init(
            partitionIndex: Int32, errorCode: KafkaErrorCode = .none, timestamp: Int64 = -1, offset: Int64,
            leaderEpoch: Int32 = -1
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.timestamp = timestamp
            self.offset = offset
            self.leaderEpoch = leaderEpoch
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

    /// Milliseconds the broker throttled the request (v2+).
    package var throttleTimeMs: Int32
    package var topics: [Topic]

    package init(throttleTimeMs: Int32 = 0, topics: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        if version >= 2 { writer.writeInt32(throttleTimeMs) }
        try writer.writeArray(topics) { writer, topic in
            try writer.writeString(topic.name)
            try writer.writeArray(topic.partitions) { writer, partition in
                writer.writeInt32(partition.partitionIndex)
                writer.writeErrorCode(partition.errorCode)
                writer.writeInt64(partition.timestamp)
                writer.writeInt64(partition.offset)
                if version >= 4 { writer.writeInt32(partition.leaderEpoch) }
                writer.writeEmptyTaggedFields()
            }
            writer.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> ListOffsetsResponse {
        var response = ListOffsetsResponse(topics: [])
        if version >= 2 { response.throttleTimeMs = try reader.readInt32() }
        response.topics = try reader.readArray { reader in
            let name = try reader.readString()
            let partitions = try reader.readArray(minimumElementSize: 22) { reader in
                var partition = Partition(
                    partitionIndex: try reader.readInt32(), errorCode: try reader.readErrorCode(),
                    timestamp: try reader.readInt64(), offset: try reader.readInt64())
                if version >= 4 { partition.leaderEpoch = try reader.readInt32() }
                try reader.readTaggedFields()
                return partition
            }
            try reader.readTaggedFields()
            return Topic(name: name, partitions: partitions)
        }
        try reader.readTaggedFields()
        return response
    }
}
