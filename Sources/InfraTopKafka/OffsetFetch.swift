/// OffsetFetch request (key 9): the offsets consumer groups have committed,
/// which against the log end gives consumer lag.
public struct OffsetFetchRequest: KafkaRequest {
    public typealias Response = OffsetFetchResponse
    public static let apiKey = KafkaAPIKey.offsetFetch
    public static let supportedVersions: ClosedRange<Int16> = 1...8
    public static let firstFlexibleVersion: Int16 = 6

    public struct Topic: Sendable, Equatable {
        public var name: String
        public var partitionIndexes: [Int32]

        public init(name: String, partitionIndexes: [Int32]) {
            self.name = name
            self.partitionIndexes = partitionIndexes
        }
    }

    public struct Group: Sendable, Equatable {
        public var groupID: String
        /// The partitions to fetch; nil (v2+) fetches every committed offset of the group.
        public var topics: [Topic]?

        public init(groupID: String, topics: [Topic]?) {
            self.groupID = groupID
            self.topics = topics
        }
    }

    /// The groups to fetch; versions before 8 carry exactly one.
    public var groups: [Group]
    /// Whether to wait for pending transactional commits (v7+).
    public var requireStable: Bool

    public init(groups: [Group], requireStable: Bool = false) {
        self.groups = groups
        self.requireStable = requireStable
    }

    public func encode(into writer: inout KafkaWriter, version: Int16) throws {
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

    public static func decode(from reader: inout KafkaReader, version: Int16) throws -> OffsetFetchRequest {
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
public struct OffsetFetchResponse: KafkaResponse {
    public static let apiKey = KafkaAPIKey.offsetFetch
    public static let supportedVersions = OffsetFetchRequest.supportedVersions
    public static let firstFlexibleVersion = OffsetFetchRequest.firstFlexibleVersion

    public struct Partition: Sendable, Equatable {
        public var partitionIndex: Int32
        /// The committed offset, -1 when the group has committed none.
        public var committedOffset: Int64
        /// The leader epoch of the commit (v5+), -1 when unknown.
        public var committedLeaderEpoch: Int32
        /// The metadata string the consumer committed with the offset.
        public var metadata: String?
        public var errorCode: KafkaErrorCode

        public init(
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

    public struct Topic: Sendable, Equatable {
        public var name: String
        public var partitions: [Partition]

        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    public struct Group: Sendable, Equatable {
        /// The group id (v8+). Earlier versions do not echo it, so it decodes as "".
        public var groupID: String
        public var topics: [Topic]
        /// The group-level error (v2+).
        public var errorCode: KafkaErrorCode

        public init(groupID: String = "", topics: [Topic], errorCode: KafkaErrorCode = .none) {
            self.groupID = groupID
            self.topics = topics
            self.errorCode = errorCode
        }
    }

    /// Milliseconds the broker throttled the request (v3+).
    public var throttleTimeMs: Int32
    /// One entry per group asked for; exactly one before v8.
    public var groups: [Group]

    public init(throttleTimeMs: Int32 = 0, groups: [Group]) {
        self.throttleTimeMs = throttleTimeMs
        self.groups = groups
    }

    public func encode(into writer: inout KafkaWriter, version: Int16) throws {
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

    public static func decode(from reader: inout KafkaReader, version: Int16) throws -> OffsetFetchResponse {
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
