import Foundation

/// What Kafka has written into ZooKeeper about its cluster: which brokers are registered, which
/// one is controller, and how each topic's partitions are assigned to brokers.
///
/// A broker that runs but is missing here has lost its ZooKeeper session, so the controller no
/// longer counts it and its replicas drop out of the ISR.
public struct KafkaRegistrations: Sendable, Equatable, Codable {
    /// Registered brokers, by id.
    public var brokers: [KafkaBrokerRegistration]
    /// Nil when no controller is elected (`/controller` does not exist).
    public var controller: KafkaControllerRegistration?
    /// Topics, by name.
    public var topics: [KafkaTopicAssignment]
    /// How many topics exist; more than `topics.count` when the reader stopped at its limit.
    public var topicCount: Int

    public init(brokers: [KafkaBrokerRegistration], controller: KafkaControllerRegistration?, topics: [KafkaTopicAssignment], topicCount: Int? = nil) {
        self.brokers = brokers.sorted { $0.id < $1.id }
        self.controller = controller
        self.topics = topics.sorted { $0.name < $1.name }
        self.topicCount = topicCount ?? topics.count
    }

    /// The ids of the registered brokers, ascending.
    public var registeredBrokerIDs: [Int] { brokers.map(\.id) }

    public func broker(_ id: Int) -> KafkaBrokerRegistration? { brokers.first { $0.id == id } }

    public func isRegistered(broker id: Int) -> Bool { broker(id) != nil }

    /// Brokers that some partition is assigned to but that are not registered: their replicas cannot be in sync.
    public var missingBrokerIDs: [Int] {
        let registered = Set(registeredBrokerIDs)
        let assigned = topics.flatMap { $0.partitions.flatMap(\.replicas) }
        return Set(assigned).subtracting(registered).sorted()
    }
}

/// A broker's registration: the ephemeral znode `/brokers/ids/<id>`.
public struct KafkaBrokerRegistration: Sendable, Equatable, Codable {
    public var id: Int
    /// Listener URLs such as `PLAINTEXT://kafka-0.kafka-headless:9092`.
    public var endpoints: [String]
    /// The first PLAINTEXT listener's host, kept for old clients; nil when there is none.
    public var host: String?
    public var port: Int?
    public var rack: String?
    /// When the broker registered, from the JSON's `timestamp` (the broker's clock).
    public var registeredAt: Date?
    /// The registration format's version: 5 for Kafka 2.7 and later.
    public var version: Int?
    /// The ZooKeeper session that owns the znode; the registration vanishes when it expires.
    public var sessionID: Int64
    /// When ZooKeeper created the znode (its own clock).
    public var createdAt: Date
    /// Why the JSON could not be read, when it could not; the broker still counts as registered.
    public var problem: String?

    public init(
        id: Int, endpoints: [String], host: String?, port: Int?, rack: String? = nil,
        registeredAt: Date?, version: Int?, sessionID: Int64, createdAt: Date, problem: String? = nil
    ) {
        self.id = id
        self.endpoints = endpoints
        self.host = host
        self.port = port
        self.rack = rack
        self.registeredAt = registeredAt
        self.version = version
        self.sessionID = sessionID
        self.createdAt = createdAt
        self.problem = problem
    }
}

/// The elected controller: the ephemeral znode `/controller`.
public struct KafkaControllerRegistration: Sendable, Equatable, Codable {
    public var brokerID: Int
    /// When the controller was elected, from the JSON's `timestamp`.
    public var electedAt: Date?
    public var sessionID: Int64

    public init(brokerID: Int, electedAt: Date?, sessionID: Int64) {
        self.brokerID = brokerID
        self.electedAt = electedAt
        self.sessionID = sessionID
    }
}

/// A topic's replica assignment: the znode `/brokers/topics/<name>`.
public struct KafkaTopicAssignment: Sendable, Equatable, Codable {
    public var name: String
    public var topicID: String?
    /// Partitions by number.
    public var partitions: [KafkaPartitionAssignment]
    /// Why the JSON could not be read, when it could not.
    public var problem: String?

    public init(name: String, topicID: String?, partitions: [KafkaPartitionAssignment], problem: String? = nil) {
        self.name = name
        self.topicID = topicID
        self.partitions = partitions.sorted { $0.partition < $1.partition }
        self.problem = problem
    }

    /// True while a partition reassignment adds or removes replicas.
    public var isReassigning: Bool { partitions.contains(where: \.isReassigning) }
}

/// Which brokers hold one partition, and which are being added or removed by a reassignment.
public struct KafkaPartitionAssignment: Sendable, Equatable, Codable {
    public var partition: Int
    /// The assigned replicas, preferred leader first.
    public var replicas: [Int]
    public var addingReplicas: [Int]
    public var removingReplicas: [Int]

    /// The leader and ISR the controller last wrote; nil when not read or not (yet) written.
    public var state: KafkaPartitionState?

    public init(partition: Int, replicas: [Int], addingReplicas: [Int] = [], removingReplicas: [Int] = [], state: KafkaPartitionState? = nil) {
        self.partition = partition
        self.replicas = replicas
        self.addingReplicas = addingReplicas
        self.removingReplicas = removingReplicas
        self.state = state
    }

    public var isReassigning: Bool { !addingReplicas.isEmpty || !removingReplicas.isEmpty }

    /// Assigned replicas that are not in the ISR, in assignment order; empty when the state is unknown.
    public var outOfSyncReplicas: [Int] {
        guard let state else { return [] }
        return replicas.filter { !state.isr.contains($0) }
    }
}

/// A partition's leader and in-sync replicas: the znode `/brokers/topics/<name>/partitions/<n>/state`,
/// written by the controller whenever they change.
public struct KafkaPartitionState: Sendable, Equatable, Codable {
    /// The leading broker, or nil when the partition has none (Kafka writes -1) and is offline.
    public var leader: Int?
    public var leaderEpoch: Int
    /// In-sync replicas: a replica that falls behind is dropped from here.
    public var isr: [Int]
    public var controllerEpoch: Int

    public init(leader: Int?, leaderEpoch: Int, isr: [Int], controllerEpoch: Int) {
        self.leader = leader
        self.leaderEpoch = leaderEpoch
        self.isr = isr
        self.controllerEpoch = controllerEpoch
    }
}
