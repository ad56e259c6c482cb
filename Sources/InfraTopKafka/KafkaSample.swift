import Foundation
import InfraTopBasics

/// What one poll of the Kafka cluster found: the layout as the brokers report
/// it, offsets, settings and consumer groups, with every broker or request
/// that could not be read recorded as a sentence rather than failing the poll.
public struct KafkaSample: Sendable, Equatable, Codable {
    /// One broker as Metadata lists it, and how reaching it went.
    public struct Broker: Sendable, Equatable, Codable {
        public var id: Int32
        /// The address the broker gives its clients.
        public var advertised: Endpoint
        /// The address infratop connected to, after ``KafkaAddressMap``.
        public var address: Endpoint
        public var rack: String?
        public var isController: Bool
        /// Nil when infratop reached the broker; otherwise why not.
        public var unreachableReason: String?
        /// The StatefulSet pod that runs this broker id (``KafkaAddressMap/podName(forBroker:)``,
        /// with `kafka.firstBrokerId`); nil when the id maps to no ordinal.
        public var pod: String?

        public init(
            id: Int32, advertised: Endpoint, address: Endpoint, rack: String? = nil, isController: Bool = false,
            unreachableReason: String? = nil, pod: String? = nil
        ) {
            self.id = id
            self.advertised = advertised
            self.address = address
            self.rack = rack
            self.isController = isController
            self.unreachableReason = unreachableReason
            self.pod = pod
        }

        public var isReachable: Bool { unreachableReason == nil }
    }

    public struct Partition: Sendable, Equatable, Codable {
        public var index: Int32
        /// The leader's id; nil when the partition has none.
        public var leader: Int32?
        public var replicas: [Int32]
        public var isr: [Int32]
        public var offlineReplicas: [Int32]
        /// -1 when the broker does not say (Metadata before v7).
        public var leaderEpoch: Int32
        /// The partition's error in Metadata, such as LEADER_NOT_AVAILABLE.
        public var error: KafkaErrorCode?
        /// The next offset to be written (log end for consumers); nil when unknown.
        public var highWatermark: Int64?
        /// The first offset still in the log; nil when unknown.
        public var lowWatermark: Int64?
        /// Why the offsets are unknown, when they are.
        public var offsetsError: String?

        public init(
            index: Int32, leader: Int32?, replicas: [Int32], isr: [Int32], offlineReplicas: [Int32] = [],
            leaderEpoch: Int32 = -1, error: KafkaErrorCode? = nil, highWatermark: Int64? = nil,
            lowWatermark: Int64? = nil, offsetsError: String? = nil
        ) {
            self.index = index
            self.leader = leader
            self.replicas = replicas
            self.isr = isr
            self.offlineReplicas = offlineReplicas
            self.leaderEpoch = leaderEpoch
            self.error = error
            self.highWatermark = highWatermark
            self.lowWatermark = lowWatermark
            self.offsetsError = offsetsError
        }
    }

    public struct Topic: Sendable, Equatable, Codable {
        public var name: String
        public var isInternal: Bool
        public var partitions: [Partition]
        /// The topic's error in Metadata.
        public var error: KafkaErrorCode?
        /// The settings read with DescribeConfigs (`min.insync.replicas`, ...); empty when unavailable.
        public var configs: [String: String]

        public init(name: String, isInternal: Bool = false, partitions: [Partition], error: KafkaErrorCode? = nil, configs: [String: String] = [:]) {
            self.name = name
            self.isInternal = isInternal
            self.partitions = partitions
            self.error = error
            self.configs = configs
        }
    }

    public struct TopicPartition: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
        public var topic: String
        public var partition: Int32
        public init(_ topic: String, _ partition: Int32) {
            self.topic = topic
            self.partition = partition
        }
        public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition) }
        public var description: String { "\(topic)-\(partition)" }
    }

    public struct GroupMember: Sendable, Equatable, Codable {
        public var memberID: String
        public var clientID: String
        public var clientHost: String
        public init(memberID: String, clientID: String, clientHost: String) {
            self.memberID = memberID
            self.clientID = clientID
            self.clientHost = clientHost
        }
    }

    public struct Group: Sendable, Equatable, Codable {
        public var id: String
        /// Such as "Stable" or "Empty"; nil when DescribeGroups was unavailable.
        public var state: String?
        public var protocolType: String?
        /// The coordinator's broker id, when found.
        public var coordinator: Int32?
        public var members: [GroupMember]
        /// Committed offsets; partitions without a commit are left out.
        public var committed: [TopicPartition: Int64]
        /// Why some or all of the group could not be read.
        public var error: String?

        public init(
            id: String, state: String? = nil, protocolType: String? = nil, coordinator: Int32? = nil,
            members: [GroupMember] = [], committed: [TopicPartition: Int64] = [:], error: String? = nil
        ) {
            self.id = id
            self.state = state
            self.protocolType = protocolType
            self.coordinator = coordinator
            self.members = members
            self.committed = committed
            self.error = error
        }
    }

    /// A partition being moved between brokers.
    public struct Reassignment: Sendable, Equatable, Codable {
        public var topicPartition: TopicPartition
        public var replicas: [Int32]
        public var adding: [Int32]
        public var removing: [Int32]
        public init(topicPartition: TopicPartition, replicas: [Int32], adding: [Int32], removing: [Int32]) {
            self.topicPartition = topicPartition
            self.replicas = replicas
            self.adding = adding
            self.removing = removing
        }
    }

    public var takenAt: Date
    /// How long the poll took.
    public var duration: TimeInterval
    /// The broker whose Metadata this sample shows.
    public var metadataFrom: Endpoint
    public var clusterID: String?
    /// The controller's id; nil when the cluster reports none.
    public var controllerID: Int32?
    public var brokers: [Broker]
    public var topics: [Topic]
    /// Broker id → settings (`default.replication.factor`, `auto.create.topics.enable`).
    public var brokerConfigs: [Int32: [String: String]]
    public var groups: [Group]
    /// Reassignments in progress; nil when the cluster could not be asked.
    public var reassignments: [Reassignment]?
    /// APIs no reachable broker offers, such as "DescribeConfigs is not available from this broker (…)".
    public var unavailable: [String]
    /// Requests that failed, as sentences; the rest of the sample still stands.
    public var problems: [String]

    public init(
        takenAt: Date, duration: TimeInterval = 0, metadataFrom: Endpoint, clusterID: String? = nil,
        controllerID: Int32? = nil, brokers: [Broker], topics: [Topic], brokerConfigs: [Int32: [String: String]] = [:],
        groups: [Group] = [], reassignments: [Reassignment]? = nil, unavailable: [String] = [], problems: [String] = []
    ) {
        self.takenAt = takenAt
        self.duration = duration
        self.metadataFrom = metadataFrom
        self.clusterID = clusterID
        self.controllerID = controllerID
        self.brokers = brokers
        self.topics = topics
        self.brokerConfigs = brokerConfigs
        self.groups = groups
        self.reassignments = reassignments
        self.unavailable = unavailable
        self.problems = problems
    }

    public func broker(_ id: Int32) -> Broker? { brokers.first { $0.id == id } }
    public func topic(_ name: String) -> Topic? { topics.first { $0.name == name } }
    public func group(_ id: String) -> Group? { groups.first { $0.id == id } }
}
