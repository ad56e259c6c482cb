import Foundation
import InfraTopBasics

/// What one poll of the Kafka cluster found: the layout as the brokers report
/// it, offsets, settings and consumer groups, with every broker or request
/// that could not be read recorded as a sentence rather than failing the poll.
package struct KafkaSample: Sendable, Equatable, Codable {
    /// One broker as Metadata lists it, and how reaching it went.
    package struct Broker: Sendable, Equatable, Codable {
        package var id: Int32
        /// The address the broker gives its clients.
        package var advertised: Endpoint
        /// The address infratop connected to, after ``KafkaAddressMap``.
        package var address: Endpoint
        package var rack: String?
        package var isController: Bool
        /// Nil when infratop reached the broker; otherwise why not.
        package var unreachableReason: String?
        /// The StatefulSet pod that runs this broker id (``KafkaAddressMap/podName(forBroker:)``,
        /// with `kafka.firstBrokerId`); nil when the id maps to no ordinal.
        package var pod: String?

        package init(
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

        package var isReachable: Bool { unreachableReason == nil }
    }

    package struct Partition: Sendable, Equatable, Codable {
        package var index: Int32
        /// The leader's id; nil when the partition has none.
        package var leader: Int32?
        package var replicas: [Int32]
        package var isr: [Int32]
        package var offlineReplicas: [Int32]
        /// -1 when the broker does not say (Metadata before v7).
        package var leaderEpoch: Int32
        /// The partition's error in Metadata, such as LEADER_NOT_AVAILABLE.
        package var error: KafkaErrorCode?
        /// The next offset to be written (log end for consumers); nil when unknown.
        package var highWatermark: Int64?
        /// The first offset still in the log; nil when unknown.
        package var lowWatermark: Int64?
        /// Why the offsets are unknown, when they are.
        package var offsetsError: String?

        package init(
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

    package struct Topic: Sendable, Equatable, Codable {
        package var name: String
        package var isInternal: Bool
        package var partitions: [Partition]
        /// The topic's error in Metadata.
        package var error: KafkaErrorCode?
        /// The settings read with DescribeConfigs (`min.insync.replicas`, ...); empty when unavailable.
        package var configs: [String: String]

        package init(name: String, isInternal: Bool = false, partitions: [Partition], error: KafkaErrorCode? = nil, configs: [String: String] = [:]) {
            self.name = name
            self.isInternal = isInternal
            self.partitions = partitions
            self.error = error
            self.configs = configs
        }
    }

    package struct TopicPartition: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
        package var topic: String
        package var partition: Int32
        package init(_ topic: String, _ partition: Int32) {
            self.topic = topic
            self.partition = partition
        }
        package static func < (lhs: Self, rhs: Self) -> Bool { (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition) }
        package var description: String { "\(topic)-\(partition)" }
    }

    package struct GroupMember: Sendable, Equatable, Codable {
        package var memberID: String
        package var clientID: String
        package var clientHost: String
        package init(memberID: String, clientID: String, clientHost: String) {
            self.memberID = memberID
            self.clientID = clientID
            self.clientHost = clientHost
        }
    }

    package struct Group: Sendable, Equatable, Codable {
        package var id: String
        /// Such as "Stable" or "Empty"; nil when DescribeGroups was unavailable.
        package var state: String?
        package var protocolType: String?
        /// The coordinator's broker id, when found.
        package var coordinator: Int32?
        package var members: [GroupMember]
        /// Committed offsets; partitions without a commit are left out.
        package var committed: [TopicPartition: Int64]
        /// The time of the record at the committed offset, for partitions with records after it,
        /// as last read (``KafkaCommitTimeReader``: every few polls, so an entry's
        /// ``KafkaCommitTime/committedOffset`` may be behind ``committed``; see
        /// ``KafkaCommitTime/recordTime(at:)``). Empty when never read, and in recordings made
        /// before infratop read them.
        package var commitTimes: [TopicPartition: KafkaCommitTime]
        /// Why some or all of the group could not be read.
        package var error: String?

        package init(
            id: String, state: String? = nil, protocolType: String? = nil, coordinator: Int32? = nil,
            members: [GroupMember] = [], committed: [TopicPartition: Int64] = [:],
            commitTimes: [TopicPartition: KafkaCommitTime] = [:], error: String? = nil
        ) {
            self.id = id
            self.state = state
            self.protocolType = protocolType
            self.coordinator = coordinator
            self.members = members
            self.committed = committed
            self.commitTimes = commitTimes
            self.error = error
        }

        private enum CodingKeys: String, CodingKey {
            case id, state, protocolType, coordinator, members, committed, commitTimes, error
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            state = try container.decodeIfPresent(String.self, forKey: .state)
            protocolType = try container.decodeIfPresent(String.self, forKey: .protocolType)
            coordinator = try container.decodeIfPresent(Int32.self, forKey: .coordinator)
            members = try container.decode([GroupMember].self, forKey: .members)
            committed = try container.decode([TopicPartition: Int64].self, forKey: .committed)
            // Absent from recordings made before commit times were read.
            commitTimes = try container.decodeIfPresent([TopicPartition: KafkaCommitTime].self, forKey: .commitTimes) ?? [:]
            error = try container.decodeIfPresent(String.self, forKey: .error)
        }
    }

    /// A partition being moved between brokers.
    package struct Reassignment: Sendable, Equatable, Codable {
        package var topicPartition: TopicPartition
        package var replicas: [Int32]
        package var adding: [Int32]
        package var removing: [Int32]
        init(topicPartition: TopicPartition, replicas: [Int32], adding: [Int32], removing: [Int32]) {
            self.topicPartition = topicPartition
            self.replicas = replicas
            self.adding = adding
            self.removing = removing
        }
    }

    package var takenAt: Date
    /// How long the poll took.
    package var duration: TimeInterval
    /// The broker whose Metadata this sample shows.
    package var metadataFrom: Endpoint
    package var clusterID: String?
    /// The controller's id; nil when the cluster reports none.
    package var controllerID: Int32?
    package var brokers: [Broker]
    package var topics: [Topic]
    /// Broker id → settings (`default.replication.factor`, `auto.create.topics.enable`).
    package var brokerConfigs: [Int32: [String: String]]
    package var groups: [Group]
    /// Reassignments in progress; nil when the cluster could not be asked.
    package var reassignments: [Reassignment]?
    /// APIs no reachable broker offers, such as "DescribeConfigs is not available from this broker (…)".
    package var unavailable: [String]
    /// Requests that failed, as sentences; the rest of the sample still stands.
    package var problems: [String]

    package init(
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

    package func broker(_ id: Int32) -> Broker? { brokers.first { $0.id == id } }
    package func topic(_ name: String) -> Topic? { topics.first { $0.name == name } }
    package func group(_ id: String) -> Group? { groups.first { $0.id == id } }
}
