/// OffsetFetch request (key 9): the offsets consumer groups have committed,
/// which against the log end gives consumer lag.
package struct OffsetFetchRequest: KafkaRequest {
    package typealias Response = OffsetFetchResponse
    package static let apiKey = KafkaAPIKey.offsetFetch
    package static let supportedVersions: ClosedRange<Int16> = 1...8
    package static let firstFlexibleVersion: Int16 = 6

    package struct Topic: Sendable, Equatable {
        package var name: String
        package var partitionIndexes: [Int32]

        package init(name: String, partitionIndexes: [Int32]) {
            self.name = name
            self.partitionIndexes = partitionIndexes
        }
    }

    package struct Group: Sendable, Equatable {
        package var groupID: String
        /// The partitions to fetch; nil (v2+) fetches every committed offset of the group.
        package var topics: [Topic]?

        package init(groupID: String, topics: [Topic]?) {
            self.groupID = groupID
            self.topics = topics
        }
    }

    /// The groups to fetch; versions before 8 carry exactly one.
    package var groups: [Group]
    /// Whether to wait for pending transactional commits (v7+).
    package var requireStable: Bool

    package init(groups: [Group], requireStable: Bool = false) {
        self.groups = groups
        self.requireStable = requireStable
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        if version >= 8 {
            try writer.writeArray(groups) { writer, group in
                try writer.writeString(group.groupID)
                try Self.encodeTopics(group.topics, into: &writer, version: version)
                writer.writeEmptyTaggedFields()
            }
        } else {
            guard groups.count == 1, let group = groups.first else {
                throw KafkaProtocolError.invalidValue(what: "group count before v8", value: Int64(groups.count))
            }
            try writer.writeString(group.groupID)
            try Self.encodeTopics(group.topics, into: &writer, version: version)
        }
        if version >= 7 { writer.writeBool(requireStable) }
        writer.writeEmptyTaggedFields()
    }

    private static func encodeTopics(_ topics: [Topic]?, into writer: inout KafkaWriter, version: Int16) throws {
        // Version 1 has no null array: "all partitions" needs v2.
        if topics == nil, version < 2 { throw KafkaProtocolError.unexpectedNull(what: "topics before v2") }
        try writer.writeNullableArray(topics) { writer, topic in
            try writer.writeString(topic.name)
            try writer.writeInt32Array(topic.partitionIndexes)
            writer.writeEmptyTaggedFields()
        }
    }

    private static func decodeTopics(from reader: inout KafkaReader, version: Int16) throws -> [Topic]? {
        let topics = try reader.readNullableArray { reader in
            let topic = Topic(name: try reader.readString(), partitionIndexes: try reader.readInt32Array())
            try reader.readTaggedFields()
            return topic
        }
        if topics == nil, version < 2 { throw KafkaProtocolError.unexpectedNull(what: "array") }
        return topics
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> OffsetFetchRequest {
        var request = OffsetFetchRequest(groups: [])
        if version >= 8 {
            request.groups = try reader.readArray { reader in
                let group = Group(groupID: try reader.readString(), topics: try decodeTopics(from: &reader, version: version))
                try reader.readTaggedFields()
                return group
            }
        } else {
            request.groups = [Group(groupID: try reader.readString(), topics: try decodeTopics(from: &reader, version: version))]
        }
        if version >= 7 { request.requireStable = try reader.readBool() }
        try reader.readTaggedFields()
        return request
    }
}

/// OffsetFetch response: committed offsets per group, topic and partition.
package struct OffsetFetchResponse: KafkaResponse {
    package static let apiKey = KafkaAPIKey.offsetFetch
    package static let supportedVersions = OffsetFetchRequest.supportedVersions
    package static let firstFlexibleVersion = OffsetFetchRequest.firstFlexibleVersion

    package struct Partition: Sendable, Equatable {
        package var partitionIndex: Int32
        /// The committed offset, -1 when the group has committed none.
        package var committedOffset: Int64
        /// The leader epoch of the commit (v5+), -1 when unknown.
        package var committedLeaderEpoch: Int32
        /// The metadata string the consumer committed with the offset.
        package var metadata: String?
        package var errorCode: KafkaErrorCode

        package init(
            partitionIndex: Int32, committedOffset: Int64, committedLeaderEpoch: Int32 = -1,
            metadata: String? = nil, errorCode: KafkaErrorCode = .none
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.metadata = metadata
            self.errorCode = errorCode
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

    package struct Group: Sendable, Equatable {
        /// The group id (v8+). Earlier versions do not echo it, so it decodes as "".
        package var groupID: String
        package var topics: [Topic]
        /// The group-level error (v2+).
        package var errorCode: KafkaErrorCode

        package init(groupID: String = "", topics: [Topic], errorCode: KafkaErrorCode = .none) {
            self.groupID = groupID
            self.topics = topics
            self.errorCode = errorCode
        }
    }

    /// Milliseconds the broker throttled the request (v3+).
    package var throttleTimeMs: Int32
    /// One entry per group asked for; exactly one before v8.
    package var groups: [Group]

    package init(throttleTimeMs: Int32 = 0, groups: [Group]) {
        self.throttleTimeMs = throttleTimeMs
        self.groups = groups
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        if version >= 3 { writer.writeInt32(throttleTimeMs) }
        if version >= 8 {
            try writer.writeArray(groups) { writer, group in
                try writer.writeString(group.groupID)
                try Self.encodeTopics(group.topics, into: &writer, version: version)
                writer.writeErrorCode(group.errorCode)
                writer.writeEmptyTaggedFields()
            }
        } else {
            guard groups.count == 1, let group = groups.first else {
                throw KafkaProtocolError.invalidValue(what: "group count before v8", value: Int64(groups.count))
            }
            try Self.encodeTopics(group.topics, into: &writer, version: version)
            if version >= 2 { writer.writeErrorCode(group.errorCode) }
        }
        writer.writeEmptyTaggedFields()
    }

    private static func encodeTopics(_ topics: [Topic], into writer: inout KafkaWriter, version: Int16) throws {
        try writer.writeArray(topics) { writer, topic in
            try writer.writeString(topic.name)
            try writer.writeArray(topic.partitions) { writer, partition in
                writer.writeInt32(partition.partitionIndex)
                writer.writeInt64(partition.committedOffset)
                if version >= 5 { writer.writeInt32(partition.committedLeaderEpoch) }
                try writer.writeNullableString(partition.metadata)
                writer.writeErrorCode(partition.errorCode)
                writer.writeEmptyTaggedFields()
            }
            writer.writeEmptyTaggedFields()
        }
    }

    private static func decodeTopics(from reader: inout KafkaReader, version: Int16) throws -> [Topic] {
        try reader.readArray { reader in
            let name = try reader.readString()
            let partitions = try reader.readArray(minimumElementSize: 15) { reader in
                var partition = Partition(partitionIndex: try reader.readInt32(), committedOffset: try reader.readInt64())
                if version >= 5 { partition.committedLeaderEpoch = try reader.readInt32() }
                partition.metadata = try reader.readNullableString()
                partition.errorCode = try reader.readErrorCode()
                try reader.readTaggedFields()
                return partition
            }
            try reader.readTaggedFields()
            return Topic(name: name, partitions: partitions)
        }
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> OffsetFetchResponse {
        var response = OffsetFetchResponse(groups: [])
        if version >= 3 { response.throttleTimeMs = try reader.readInt32() }
        if version >= 8 {
            response.groups = try reader.readArray { reader in
                let group = Group(
                    groupID: try reader.readString(), topics: try decodeTopics(from: &reader, version: version),
                    errorCode: try reader.readErrorCode())
                try reader.readTaggedFields()
                return group
            }
        } else {
            var group = Group(topics: try decodeTopics(from: &reader, version: version))
            if version >= 2 { group.errorCode = try reader.readErrorCode() }
            response.groups = [group]
        }
        try reader.readTaggedFields()
        return response
    }
}
