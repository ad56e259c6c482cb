import Foundation

/// What Kafka has written into ZooKeeper about its cluster: which brokers are registered, which
/// one is controller, and how each topic's partitions are assigned to brokers.
///
/// A broker that runs but is missing here has lost its ZooKeeper session, so the controller no
/// longer counts it and its replicas drop out of the ISR.
package struct KafkaRegistrations: Sendable, Equatable, Codable {
    /// Registered brokers, by id.
    package var brokers: [KafkaBrokerRegistration]
    /// Nil when no controller is elected (`/controller` does not exist).
    package var controller: KafkaControllerRegistration?
    /// Topics, by name.
    package var topics: [KafkaTopicAssignment]
    /// How many topics exist; more than `topics.count` when the reader stopped at its limit.
    package var topicCount: Int

    package init(brokers: [KafkaBrokerRegistration], controller: KafkaControllerRegistration?, topics: [KafkaTopicAssignment], topicCount: Int? = nil) {
        self.brokers = brokers.sorted { $0.id < $1.id }
        self.controller = controller
        self.topics = topics.sorted { $0.name < $1.name }
        self.topicCount = topicCount ?? topics.count
    }

    /// The ids of the registered brokers, ascending.
    package var registeredBrokerIDs: [Int] { brokers.map(\.id) }

    package func broker(_ id: Int) -> KafkaBrokerRegistration? { brokers.first { $0.id == id } }

    package func isRegistered(broker id: Int) -> Bool { broker(id) != nil }

    /// Brokers that some partition is assigned to but that are not registered: their replicas cannot be in sync.
    package var missingBrokerIDs: [Int] {
        let registered = Set(registeredBrokerIDs)
        let assigned = topics.flatMap { $0.partitions.flatMap(\.replicas) }
        return Set(assigned).subtracting(registered).sorted()
    }
}

/// A broker's registration: the ephemeral znode `/brokers/ids/<id>`.
package struct KafkaBrokerRegistration: Sendable, Equatable, Codable {
    package var id: Int
    /// Listener URLs such as `PLAINTEXT://kafka-0.kafka-headless:9092`.
    package var endpoints: [String]
    /// The first PLAINTEXT listener's host, kept for old clients; nil when there is none.
    package var host: String?
    package var port: Int?
    package var rack: String?
    /// When the broker registered, from the JSON's `timestamp` (the broker's clock).
    package var registeredAt: Date?
    /// The registration format's version: 5 for Kafka 2.7 and later.
    package var version: Int?
    /// The ZooKeeper session that owns the znode; the registration vanishes when it expires.
    package var sessionID: Int64
    /// When ZooKeeper created the znode (its own clock).
    package var createdAt: Date
    /// Why the JSON could not be read, when it could not; the broker still counts as registered.
    package var problem: String?

    package init(
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
package struct KafkaControllerRegistration: Sendable, Equatable, Codable {
    package var brokerID: Int
    /// When the controller was elected, from the JSON's `timestamp`.
    package var electedAt: Date?
    package var sessionID: Int64

    package init(brokerID: Int, electedAt: Date?, sessionID: Int64) {
        self.brokerID = brokerID
        self.electedAt = electedAt
        self.sessionID = sessionID
    }
}

/// A topic's replica assignment: the znode `/brokers/topics/<name>`.
package struct KafkaTopicAssignment: Sendable, Equatable, Codable {
    package var name: String
    package var topicID: String?
    /// Partitions by number.
    package var partitions: [KafkaPartitionAssignment]
    /// Why the JSON could not be read, when it could not.
    package var problem: String?

    package init(name: String, topicID: String?, partitions: [KafkaPartitionAssignment], problem: String? = nil) {
        self.name = name
        self.topicID = topicID
        self.partitions = partitions.sorted { $0.partition < $1.partition }
        self.problem = problem
    }

    /// True while a partition reassignment adds or removes replicas.
    package var isReassigning: Bool { partitions.contains(where: \.isReassigning) }
}

/// Which brokers hold one partition, and which are being added or removed by a reassignment.
package struct KafkaPartitionAssignment: Sendable, Equatable, Codable {
    package var partition: Int
    /// The assigned replicas, preferred leader first.
    package var replicas: [Int]
    package var addingReplicas: [Int]
    package var removingReplicas: [Int]

    /// The leader and ISR the controller last wrote; nil when not read or not (yet) written.
    package var state: KafkaPartitionState?

    package init(partition: Int, replicas: [Int], addingReplicas: [Int] = [], removingReplicas: [Int] = [], state: KafkaPartitionState? = nil) {
        self.partition = partition
        self.replicas = replicas
        self.addingReplicas = addingReplicas
        self.removingReplicas = removingReplicas
        self.state = state
    }

    package var isReassigning: Bool { !addingReplicas.isEmpty || !removingReplicas.isEmpty }

    /// Assigned replicas that are not in the ISR, in assignment order; empty when the state is unknown.
    package var outOfSyncReplicas: [Int] {
        guard let state else { return [] }
        return replicas.filter { !state.isr.contains($0) }
    }
}

/// A partition's leader and in-sync replicas: the znode `/brokers/topics/<name>/partitions/<n>/state`,
/// written by the controller whenever they change.
package struct KafkaPartitionState: Sendable, Equatable, Codable {
    /// The leading broker, or nil when the partition has none (Kafka writes -1) and is offline.
    package var leader: Int?
    package var leaderEpoch: Int
    /// In-sync replicas: a replica that falls behind is dropped from here.
    package var isr: [Int]
    package var controllerEpoch: Int

    package init(leader: Int?, leaderEpoch: Int, isr: [Int], controllerEpoch: Int) {
        self.leader = leader
        self.leaderEpoch = leaderEpoch
        self.isr = isr
        self.controllerEpoch = controllerEpoch
    }
}
