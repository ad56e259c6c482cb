/// ListPartitionReassignments request (key 46): reassignments in progress,
/// which explain replicas that are catching up on purpose.
package struct ListPartitionReassignmentsRequest: KafkaRequest {
    package typealias Response = ListPartitionReassignmentsResponse
    package static let apiKey = KafkaAPIKey.listPartitionReassignments
    package static let supportedVersions: ClosedRange<Int16> = 0...0
    package static let firstFlexibleVersion: Int16 = 0

    package struct Topic: Sendable, Equatable {
        package var name: String
        package var partitionIndexes: [Int32]

        package init(name: String, partitionIndexes: [Int32]) {
            self.name = name
            self.partitionIndexes = partitionIndexes
        }
    }

    package var timeoutMs: Int32
    /// The partitions to check; nil lists every reassignment in progress.
    package var topics: [Topic]?

    package init(timeoutMs: Int32 = 60_000, topics: [Topic]? = nil) {
        self.timeoutMs = timeoutMs
        self.topics = topics
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        writer.writeInt32(timeoutMs)
        try writer.writeNullableArray(topics) { writer, topic in
            try writer.writeString(topic.name)
            try writer.writeInt32Array(topic.partitionIndexes)
            writer.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> ListPartitionReassignmentsRequest {
        let timeoutMs = try reader.readInt32()
        let topics = try reader.readNullableArray(minimumElementSize: 3) { reader in
            let topic = Topic(name: try reader.readString(), partitionIndexes: try reader.readInt32Array())
            try reader.readTaggedFields()
            return topic
        }
        try reader.readTaggedFields()
        return ListPartitionReassignmentsRequest(timeoutMs: timeoutMs, topics: topics)
    }
}

/// ListPartitionReassignments response.
package struct ListPartitionReassignmentsResponse: KafkaResponse {
    package static let apiKey = KafkaAPIKey.listPartitionReassignments
    package static let supportedVersions = ListPartitionReassignmentsRequest.supportedVersions
    package static let firstFlexibleVersion = ListPartitionReassignmentsRequest.firstFlexibleVersion

    package struct Partition: Sendable, Equatable {
        package var partitionIndex: Int32
        /// The replica set during the move (current and target).
        package var replicas: [Int32]
        package var addingReplicas: [Int32]
        package var removingReplicas: [Int32]

        package init(partitionIndex: Int32, replicas: [Int32], addingReplicas: [Int32], removingReplicas: [Int32]) {
            self.partitionIndex = partitionIndex
            self.replicas = replicas
            self.addingReplicas = addingReplicas
            self.removingReplicas = removingReplicas
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

    package var throttleTimeMs: Int32
    package var errorCode: KafkaErrorCode
    package var errorMessage: String?
    package var topics: [Topic]

    package init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, errorMessage: String? = nil, topics: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.topics = topics
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        writer.writeInt32(throttleTimeMs)
        writer.writeErrorCode(errorCode)
        try writer.writeNullableString(errorMessage)
        try writer.writeArray(topics) { writer, topic in
            try writer.writeString(topic.name)
            try writer.writeArray(topic.partitions) { writer, partition in
                writer.writeInt32(partition.partitionIndex)
                try writer.writeInt32Array(partition.replicas)
                try writer.writeInt32Array(partition.addingReplicas)
                try writer.writeInt32Array(partition.removingReplicas)
                writer.writeEmptyTaggedFields()
            }
            writer.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> ListPartitionReassignmentsResponse {
        var response = ListPartitionReassignmentsResponse(
            throttleTimeMs: try reader.readInt32(), errorCode: try reader.readErrorCode(),
            errorMessage: try reader.readNullableString(), topics: [])
        response.topics = try reader.readArray(minimumElementSize: 3) { reader in
            let name = try reader.readString()
            let partitions = try reader.readArray(minimumElementSize: 8) { reader in
                let partition = Partition(
                    partitionIndex: try reader.readInt32(), replicas: try reader.readInt32Array(),
                    addingReplicas: try reader.readInt32Array(), removingReplicas: try reader.readInt32Array())
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
