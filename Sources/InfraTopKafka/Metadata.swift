/// Metadata request (key 3): brokers, controller and the partition layout of
/// all topics or of named ones.
package struct MetadataRequest: KafkaRequest {
    package typealias Response = MetadataResponse
    package static let apiKey = KafkaAPIKey.metadata
    /// v0 is left out: its empty array means "all topics", a trap not worth supporting.
    package static let supportedVersions: ClosedRange<Int16> = 1...13
    package static let firstFlexibleVersion: Int16 = 9

    /// A topic asked for by name or (v10+) by id.
    package struct Topic: Sendable, Equatable {
        /// The topic id (v10+); zero when asking by name.
        package var topicID: KafkaUUID
        /// The topic name; may be nil from v10 when asking by id.
        package var name: String?

        package init(name: String?, topicID: KafkaUUID = .zero) {
            self.name = name
            self.topicID = topicID
        }
    }

    /// The topics to describe; nil asks for all topics, [] for none.
    package var topics: [Topic]?
    /// Whether the broker may create missing topics (v4+). infratop is
    /// read-only, so this defaults to false; versions before 4 always allow it.
    package var allowAutoTopicCreation: Bool
    /// Whether to return the cluster's authorized operations (v8–v10).
    package var includeClusterAuthorizedOperations: Bool
    /// Whether to return each topic's authorized operations (v8+).
    package var includeTopicAuthorizedOperations: Bool

    package init(
        topics: [Topic]?, allowAutoTopicCreation: Bool = false,
        includeClusterAuthorizedOperations: Bool = false, includeTopicAuthorizedOperations: Bool = false
    ) {
        self.topics = topics
        self.allowAutoTopicCreation = allowAutoTopicCreation
        self.includeClusterAuthorizedOperations = includeClusterAuthorizedOperations
        self.includeTopicAuthorizedOperations = includeTopicAuthorizedOperations
    }

    /// A request for every topic in the cluster.
    package static let allTopics = MetadataRequest(topics: nil)

    /// A request for the topics named `names`.
    package init(topicNames names: [String], allowAutoTopicCreation: Bool = false) {
        self.init(topics: names.map { Topic(name: $0) }, allowAutoTopicCreation: allowAutoTopicCreation)
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        try writer.writeNullableArray(topics) { writer, topic in
            if version >= 10 {
                writer.writeUUID(topic.topicID)
                try writer.writeNullableString(topic.name)
            } else {
                guard let name = topic.name else { throw KafkaProtocolError.unexpectedNull(what: "topic name") }
                try writer.writeString(name)
            }
            writer.writeEmptyTaggedFields()
        }
        if version >= 4 { writer.writeBool(allowAutoTopicCreation) }
        if (8...10).contains(version) { writer.writeBool(includeClusterAuthorizedOperations) }
        if version >= 8 { writer.writeBool(includeTopicAuthorizedOperations) }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> MetadataRequest {
        let topics = try reader.readNullableArray { reader in
            var topic = Topic(name: nil)
            if version >= 10 {
                topic.topicID = try reader.readUUID()
                topic.name = try reader.readNullableString()
            } else {
                topic.name = try reader.readString()
            }
            try reader.readTaggedFields()
            return topic
        }
        var request = MetadataRequest(topics: topics, allowAutoTopicCreation: true)
        if version >= 4 { request.allowAutoTopicCreation = try reader.readBool() }
        if (8...10).contains(version) { request.includeClusterAuthorizedOperations = try reader.readBool() }
        if version >= 8 { request.includeTopicAuthorizedOperations = try reader.readBool() }
        try reader.readTaggedFields()
        return request
    }
}

/// Metadata response: the cluster as the answering broker sees it.
package struct MetadataResponse: KafkaResponse {
    package static let apiKey = KafkaAPIKey.metadata
    package static let supportedVersions = MetadataRequest.supportedVersions
    package static let firstFlexibleVersion = MetadataRequest.firstFlexibleVersion

    /// The value of an authorized-operations field the broker did not fill.
    package static let authorizedOperationsOmitted = Int32.min

    /// A broker as advertised to clients.
    package struct Broker: Sendable, Equatable {
        package var nodeID: Int32
        package var host: String
        package var port: Int32
        /// The broker's rack, or nil when none is configured.
        package var rack: String?

        package init(nodeID: Int32, host: String, port: Int32, rack: String? = nil) {
            self.nodeID = nodeID
            self.host = host
            self.port = port
            self.rack = rack
        }
    }

    /// One partition's leader and replica sets.
    package struct Partition: Sendable, Equatable {
        package var errorCode: KafkaErrorCode
        package var partitionIndex: Int32
        /// The leader's broker id, -1 when there is none.
        package var leaderID: Int32
        /// The leader epoch (v7+), -1 when unknown.
        package var leaderEpoch: Int32
        package var replicaNodes: [Int32]
        /// The in-sync replicas.
        package var isrNodes: [Int32]
        /// Replicas whose log directory is offline (v5+).
        package var offlineReplicas: [Int32]

        package init(
            errorCode: KafkaErrorCode = .none, partitionIndex: Int32, leaderID: Int32, leaderEpoch: Int32 = -1,
            replicaNodes: [Int32], isrNodes: [Int32], offlineReplicas: [Int32] = []
        ) {
            self.errorCode = errorCode
            self.partitionIndex = partitionIndex
            self.leaderID = leaderID
            self.leaderEpoch = leaderEpoch
            self.replicaNodes = replicaNodes
            self.isrNodes = isrNodes
            self.offlineReplicas = offlineReplicas
        }
    }

    /// One topic and its partitions.
    package struct Topic: Sendable, Equatable {
        package var errorCode: KafkaErrorCode
        /// The topic name; nil only from v12 when asked by id for an unknown topic.
        package var name: String?
        /// The topic id (v10+), zero when unknown.
        package var topicID: KafkaUUID
        package var isInternal: Bool
        package var partitions: [Partition]
        /// Authorized operations bitfield (v8+), or `authorizedOperationsOmitted`.
        package var topicAuthorizedOperations: Int32

        package init(
            errorCode: KafkaErrorCode = .none, name: String?, topicID: KafkaUUID = .zero, isInternal: Bool = false,
            partitions: [Partition], topicAuthorizedOperations: Int32 = MetadataResponse.authorizedOperationsOmitted
        ) {
            self.errorCode = errorCode
            self.name = name
            self.topicID = topicID
            self.isInternal = isInternal
            self.partitions = partitions
            self.topicAuthorizedOperations = topicAuthorizedOperations
        }
    }

    /// Milliseconds the broker throttled the request (v3+).
    package var throttleTimeMs: Int32
    package var brokers: [Broker]
    /// The cluster id (v2+).
    package var clusterID: String?
    /// The controller's broker id, -1 when there is none.
    package var controllerID: Int32
    package var topics: [Topic]
    /// Cluster authorized operations bitfield (v8–v10).
    package var clusterAuthorizedOperations: Int32
    /// The top-level error (v13+), such as REBOOTSTRAP_REQUIRED.
    package var errorCode: KafkaErrorCode

    package init(
        throttleTimeMs: Int32 = 0, brokers: [Broker], clusterID: String? = nil, controllerID: Int32 = -1,
        topics: [Topic], clusterAuthorizedOperations: Int32 = MetadataResponse.authorizedOperationsOmitted,
        errorCode: KafkaErrorCode = .none
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.brokers = brokers
        self.clusterID = clusterID
        self.controllerID = controllerID
        self.topics = topics
        self.clusterAuthorizedOperations = clusterAuthorizedOperations
        self.errorCode = errorCode
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        if version >= 3 { writer.writeInt32(throttleTimeMs) }
        try writer.writeArray(brokers) { writer, broker in
            writer.writeInt32(broker.nodeID)
            try writer.writeString(broker.host)
            writer.writeInt32(broker.port)
            try writer.writeNullableString(broker.rack)
            writer.writeEmptyTaggedFields()
        }
        if version >= 2 { try writer.writeNullableString(clusterID) }
        writer.writeInt32(controllerID)
        try writer.writeArray(topics) { writer, topic in try Self.encode(topic, into: &writer, version: version) }
        if (8...10).contains(version) { writer.writeInt32(clusterAuthorizedOperations) }
        if version >= 13 { writer.writeErrorCode(errorCode) }
        writer.writeEmptyTaggedFields()
    }

    private static func encode(_ topic: Topic, into writer: inout KafkaWriter, version: Int16) throws {
        writer.writeErrorCode(topic.errorCode)
        if version >= 12 {
            try writer.writeNullableString(topic.name)
        } else {
            guard let name = topic.name else { throw KafkaProtocolError.unexpectedNull(what: "topic name") }
            try writer.writeString(name)
        }
        if version >= 10 { writer.writeUUID(topic.topicID) }
        writer.writeBool(topic.isInternal)
        try writer.writeArray(topic.partitions) { writer, partition in
            writer.writeErrorCode(partition.errorCode)
            writer.writeInt32(partition.partitionIndex)
            writer.writeInt32(partition.leaderID)
            if version >= 7 { writer.writeInt32(partition.leaderEpoch) }
            try writer.writeInt32Array(partition.replicaNodes)
            try writer.writeInt32Array(partition.isrNodes)
            if version >= 5 { try writer.writeInt32Array(partition.offlineReplicas) }
            writer.writeEmptyTaggedFields()
        }
        if version >= 8 { writer.writeInt32(topic.topicAuthorizedOperations) }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> MetadataResponse {
        var response = MetadataResponse(brokers: [], topics: [])
        if version >= 3 { response.throttleTimeMs = try reader.readInt32() }
        // Node id, host length, port and rack length: at least 12 bytes.
        response.brokers = try reader.readArray(minimumElementSize: reader.isFlexible ? 11 : 12) { reader in
            let broker = Broker(
                nodeID: try reader.readInt32(), host: try reader.readString(),
                port: try reader.readInt32(), rack: try reader.readNullableString())
            try reader.readTaggedFields()
            return broker
        }
        if version >= 2 { response.clusterID = try reader.readNullableString() }
        response.controllerID = try reader.readInt32()
        response.topics = try reader.readArray(minimumElementSize: 4) { reader in
            try decodeTopic(from: &reader, version: version)
        }
        if (8...10).contains(version) { response.clusterAuthorizedOperations = try reader.readInt32() }
        if version >= 13 { response.errorCode = try reader.readErrorCode() }
        try reader.readTaggedFields()
        return response
    }

    private static func decodeTopic(from reader: inout KafkaReader, version: Int16) throws -> Topic {
        var topic = Topic(name: nil, partitions: [])
        topic.errorCode = try reader.readErrorCode()
        topic.name = version >= 12 ? try reader.readNullableString() : try reader.readString()
        if version >= 10 { topic.topicID = try reader.readUUID() }
        topic.isInternal = try reader.readBool()
        topic.partitions = try reader.readArray(minimumElementSize: 10) { reader in
            var partition = Partition(partitionIndex: 0, leaderID: -1, replicaNodes: [], isrNodes: [])
            partition.errorCode = try reader.readErrorCode()
            partition.partitionIndex = try reader.readInt32()
            partition.leaderID = try reader.readInt32()
            if version >= 7 { partition.leaderEpoch = try reader.readInt32() }
            partition.replicaNodes = try reader.readInt32Array()
            partition.isrNodes = try reader.readInt32Array()
            if version >= 5 { partition.offlineReplicas = try reader.readInt32Array() }
            try reader.readTaggedFields()
            return partition
        }
        if version >= 8 { topic.topicAuthorizedOperations = try reader.readInt32() }
        try reader.readTaggedFields()
        return topic
    }
}
