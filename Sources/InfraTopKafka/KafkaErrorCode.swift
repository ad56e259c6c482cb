/// A Kafka error code as carried in responses (0 means no error).
///
/// A struct so that codes newer than this table still decode; `name` falls
/// back to the number.
package struct KafkaErrorCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    package var rawValue: Int16
    package init(rawValue: Int16) { self.rawValue = rawValue }
    package init(_ rawValue: Int16) { self.rawValue = rawValue }

    static let unknownServerError = KafkaErrorCode(-1)
    package static let none = KafkaErrorCode(0)
    static let offsetOutOfRange = KafkaErrorCode(1)
    package static let unknownTopicOrPartition = KafkaErrorCode(3)
    package static let leaderNotAvailable = KafkaErrorCode(5)
    package static let notLeaderOrFollower = KafkaErrorCode(6)
    static let requestTimedOut = KafkaErrorCode(7)
    static let brokerNotAvailable = KafkaErrorCode(8)
    package static let replicaNotAvailable = KafkaErrorCode(9)
    static let networkException = KafkaErrorCode(13)
    package static let coordinatorLoadInProgress = KafkaErrorCode(14)
    package static let coordinatorNotAvailable = KafkaErrorCode(15)
    package static let notCoordinator = KafkaErrorCode(16)
    static let notEnoughReplicas = KafkaErrorCode(19)
    static let notEnoughReplicasAfterAppend = KafkaErrorCode(20)
    static let topicAuthorizationFailed = KafkaErrorCode(29)
    static let groupAuthorizationFailed = KafkaErrorCode(30)
    package static let clusterAuthorizationFailed = KafkaErrorCode(31)
    package static let unsupportedVersion = KafkaErrorCode(35)
    package static let invalidRequest = KafkaErrorCode(42)
    static let kafkaStorageError = KafkaErrorCode(56)
    package static let groupIDNotFound = KafkaErrorCode(69)
    static let noReassignmentInProgress = KafkaErrorCode(85)
    static let unknownTopicID = KafkaErrorCode(100)

    // Names as org.apache.kafka.common.protocol.Errors spells them, so they
    // match broker logs and the Kafka documentation.
    private static let names: [Int16: String] = [
        -1: "UNKNOWN_SERVER_ERROR", 0: "NONE", 1: "OFFSET_OUT_OF_RANGE", 2: "CORRUPT_MESSAGE",
        3: "UNKNOWN_TOPIC_OR_PARTITION", 4: "INVALID_FETCH_SIZE", 5: "LEADER_NOT_AVAILABLE",
        6: "NOT_LEADER_OR_FOLLOWER", 7: "REQUEST_TIMED_OUT", 8: "BROKER_NOT_AVAILABLE",
        9: "REPLICA_NOT_AVAILABLE", 10: "MESSAGE_TOO_LARGE", 11: "STALE_CONTROLLER_EPOCH",
        12: "OFFSET_METADATA_TOO_LARGE", 13: "NETWORK_EXCEPTION", 14: "COORDINATOR_LOAD_IN_PROGRESS",
        15: "COORDINATOR_NOT_AVAILABLE", 16: "NOT_COORDINATOR", 17: "INVALID_TOPIC_EXCEPTION",
        18: "RECORD_LIST_TOO_LARGE", 19: "NOT_ENOUGH_REPLICAS", 20: "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
        22: "ILLEGAL_GENERATION", 24: "INVALID_GROUP_ID", 25: "UNKNOWN_MEMBER_ID",
        27: "REBALANCE_IN_PROGRESS", 29: "TOPIC_AUTHORIZATION_FAILED", 30: "GROUP_AUTHORIZATION_FAILED",
        31: "CLUSTER_AUTHORIZATION_FAILED", 33: "UNSUPPORTED_SASL_MECHANISM", 34: "ILLEGAL_SASL_STATE",
        35: "UNSUPPORTED_VERSION", 41: "NOT_CONTROLLER", 42: "INVALID_REQUEST",
        56: "KAFKA_STORAGE_ERROR", 58: "SASL_AUTHENTICATION_FAILED", 60: "REASSIGNMENT_IN_PROGRESS",
        69: "GROUP_ID_NOT_FOUND", 72: "LISTENER_NOT_FOUND", 74: "FENCED_LEADER_EPOCH",
        75: "UNKNOWN_LEADER_EPOCH", 78: "OFFSET_NOT_AVAILABLE", 85: "NO_REASSIGNMENT_IN_PROGRESS",
        89: "THROTTLING_QUOTA_EXCEEDED", 91: "RESOURCE_NOT_FOUND", 100: "UNKNOWN_TOPIC_ID",
        116: "UNKNOWN_CONTROLLER_ID", 129: "REBOOTSTRAP_REQUIRED",
    ]

    /// Whether this code means success.
    var isNone: Bool { rawValue == 0 }

    /// The code's name as Kafka spells it (`NOT_LEADER_OR_FOLLOWER`), or
    /// `UNKNOWN_ERROR_CODE(n)` for codes not in the table.
    package var name: String { Self.names[rawValue] ?? "UNKNOWN_ERROR_CODE(\(rawValue))" }

    package var description: String { name }
}

extension KafkaReader {
    /// Reads an int16 error code.
    mutating func readErrorCode() throws -> KafkaErrorCode { KafkaErrorCode(try readInt16()) }
}

extension KafkaWriter {
    /// Writes an int16 error code.
    mutating func writeErrorCode(_ code: KafkaErrorCode) { writeInt16(code.rawValue) }
}
