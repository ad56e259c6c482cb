import Foundation
import InfraTopBasics
import InfraTopKafka
import InfraTopRedis
import InfraTopZooKeeper
import InfraTopKubernetes

/// The model as `infratop snapshot --format json`, `replay --print --format json` and `serve`'s
/// `/snapshot.json` print it: what every view shows, as data. Its schema is
/// `docs/snapshot.schema.json`; ``schemaVersion`` changes when a field changes meaning or goes.
///
/// Values are the assessment's typed facts; the few strings kubectl itself prints (a pod's READY,
/// STATUS, RESTARTS and AGE) are kept exactly as the Pods view shows them, beside their numbers.
/// Secrets never enter: pods carry no spec, findings are made from redacted state.
package struct SnapshotDocument: Encodable, Sendable {
    package static let schemaVersion = 1

    package struct Source: Encodable, Sendable {
        package var state: SourceStatus.State
        package var reason: String?
        package var lastGoodAt: Date?
        var ageSeconds: Double?
        var consecutiveFailures: Int
        /// How the source was reached on its last good poll: `{"via": "direct"}` or `{"via": "pod", "pod": "redis-0"}`.
        package var reach: ReachRoute?
    }

    var schemaVersion = Self.schemaVersion
    var infratopVersion = InfraTopVersion.current
    package var takenAt: Date
    package var context: String
    package var namespace: String
    var refreshSeconds: Double
    package var sources: [String: Source]
    package var kubernetes: Kubernetes?
    package var kafka: Kafka?
    package var zookeeper: ZooKeeper?
    package var redis: Redis?
    package var mongodb: MongoDB?
    package var findings: [Finding]

    package init(snapshot: Snapshot, assessment: Assessment) {
        takenAt = snapshot.takenAt
        context = snapshot.context
        namespace = snapshot.namespace
        refreshSeconds = snapshot.refreshInterval
        var sources: [String: Source] = [:]
        for source in SourceID.allCases {
            let status = snapshot.status(of: source)
            sources[source.rawValue] = Source(
                state: status.state, reason: status.reason, lastGoodAt: status.lastGoodAt,
                ageSeconds: status.age(at: snapshot.takenAt), consecutiveFailures: status.consecutiveFailures,
                reach: status.route
            )
        }
        self.sources = sources
        kubernetes = snapshot.kubernetes.map { Kubernetes(state: $0, assessment: assessment, now: snapshot.takenAt) }
        kafka = zip(snapshot.kafka, assessment.kafka).map {
            Kafka(state: $0, health: $1, brokers: assessment.kafkaBrokers, churn: assessment.isrChurn, consumers: assessment.groups)
        }
        zookeeper = snapshot.zookeeper.map(ZooKeeper.init)
        redis = snapshot.redis.map(Redis.init)
        mongodb = snapshot.mongodb.map { MongoDB($0, memoryLimit: assessment.mongodbMemoryLimit) }
        findings = assessment.findings
    }

    /// Pretty, key-sorted JSON with ISO 8601 times, stable enough to diff.
    package func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return try encoder.encode(self)
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

// MARK: - Kubernetes

extension SnapshotDocument {
    package struct Kubernetes: Encodable, Sendable {
        package var pods: [Pod]
        package var workloads: [Workload]

        init(state: KubernetesState, assessment: Assessment, now: Date) {
            pods = state.pods.map { Pod(row: PodRow(pod: $0, now: now, replicaSets: state.replicaSets)) }.sorted { $0.name < $1.name }
            workloads = assessment.workloads.values.map { Workload(scaling: $0) }.sorted { $0.component < $1.component }
        }
    }

    /// A pod as the Pods view shows it: kubectl's cells, then the numbers behind them.
    package struct Pod: Encodable, Sendable {
        package var name: String
        /// kubectl's READY, STATUS, RESTARTS and AGE, character for character.
        package var ready: String
        package var status: String
        package var restarts: String
        package var age: String
        /// The node, or `<none>` before it is scheduled, as kubectl prints it.
        package var node: String
        /// `Kind/name` of its controller (a Deployment's pods by their Deployment), or `<none>`.
        package var owner: String
        var readyContainers: Int?
        var containers: Int?
        var restartCount: Int?
        var lastRestartAt: Date?
        var createdAt: Date?

        init(row: PodRow) {
            name = row.name
            ready = row.ready
            status = row.status
            restarts = row.restarts
            age = row.age
            node = row.node
            owner = row.owner
            readyContainers = row.summary?.readyContainers
            containers = row.summary?.totalContainers
            restartCount = row.summary?.restarts
            lastRestartAt = row.summary?.lastRestart
            createdAt = row.createdAt
        }
    }

    /// A component's workload: replicas wanted and ready, and each missing one with its cause.
    package struct Workload: Encodable, Sendable {
        package var component: String
        var role: Component.Role
        var kind: Component.WorkloadKind
        package var name: String
        var exists: Bool
        package var desired: Int
        var current: Int
        package var ready: Int
        var updated: Int
        package var missing: [Missing]

        init(scaling: WorkloadScaling) {
            let health = scaling.health
            component = health.component.name
            role = health.component.role
            kind = health.component.workloadKind
            name = health.workloadName
            exists = health.exists
            desired = health.desired
            current = health.current
            ready = health.ready
            updated = health.updated
            missing = scaling.missing.map(Missing.init)
        }
    }

    /// One missing replica: the pod, since when (and on what that rests), and why.
    package struct Missing: Encodable, Sendable {
        package var pod: String
        /// kubectl's STATUS for a pod that exists, `absent` for one never created.
        var state: String
        /// When it went missing; nil when nothing dates it.
        var since: Date?
        /// True when ``since`` is only a lower bound: it was missing when infratop's history starts.
        var sinceIsLowerBound: Bool
        /// What dates it (`created 14m ago`, `since infratop saw it Ready`).
        var sinceBasis: String?
        package var cause: Cause

        init(_ scaling: ReplicaScaling) {
            pod = scaling.replica.name
            state = scaling.replica.state
            switch scaling.since {
            case .since(let date, let basis):
                since = date
                sinceIsLowerBound = false
                sinceBasis = basis
            case .atLeast(let date):
                since = date
                sinceIsLowerBound = true
            case .unknown:
                sinceIsLowerBound = false
            }
            cause = Cause(scaling.cause)
        }
    }

    /// ``ScalingCause`` as data: `kind` says which, the other fields its facts.
    package struct Cause: Encodable, Sendable {
        package enum Kind: String, Encodable, Sendable {
            case failedScheduling, unboundClaim, imagePull, crashLoop, orderedReady, readinessProbe, other
        }

        package var kind: Kind
        /// The short label the Scaling view shows: `FailedScheduling`, `CrashLoopBackOff`…
        var label: String
        /// The cluster's own message (scheduler, kubelet, probe), when it gave one.
        var message: String?
        var container: String?
        var restarts: Int?
        /// How the crashing container's last run ended: `OOMKilled`, `Error`.
        var lastTerminationReason: String?
        var exitCode: Int?
        var memoryLimit: String?
        /// The previous run's last error line, when read.
        var logLine: String?
        var logError: String?
        /// The pod OrderedReady waits for.
        var waitingFor: String?

        init(_ cause: ScalingCause) {
            label = cause.label
            switch cause {
            case .failedScheduling(let message):
                kind = .failedScheduling
                self.message = message
            case .unboundClaim(let message):
                kind = .unboundClaim
                self.message = message
            case .imagePull(let message):
                kind = .imagePull
                self.message = message
            case .readinessProbe(let message):
                kind = .readinessProbe
                self.message = message
            case .crashLoop(let loop):
                kind = .crashLoop
                container = loop.container
                restarts = loop.restarts
                lastTerminationReason = loop.lastReason
                exitCode = loop.exitCode
                memoryLimit = loop.memoryLimit
                logLine = loop.causeLine
                logError = loop.logError
            case .orderedReady(let blocker):
                kind = .orderedReady
                waitingFor = blocker
            case .other(let message):
                kind = .other
                self.message = message
            }
        }
    }
}

// MARK: - Kafka

extension SnapshotDocument {
    package struct Kafka: Encodable, Sendable {
        var clusterId: String?
        var controllerId: Int32?
        var metadataFrom: String
        package var brokers: Brokers
        var partitions: PartitionCounts
        package var topics: [Topic]
        package var groups: [Group]
        /// Requests the brokers did not support or refused, in the collector's words.
        var unavailable: [String]
        /// ISR shrinks and expands of the last minutes, from successive metadata; absent when none.
        var isrChurn: ISRChurnDocument?

        init(state: KafkaState, health: KafkaHealth, brokers counts: KafkaBrokerCounts?, churn: ISRChurn?, consumers: [GroupConsumers]) {
            let sample = state.sample
            clusterId = sample.clusterID
            controllerId = sample.controllerID
            metadataFrom = sample.metadataFrom.description
            let loads = Dictionary(health.brokerLoads.map { ($0.broker, $0) }, uniquingKeysWith: { first, _ in first })
            brokers = Brokers(
                counts: counts ?? KafkaBrokerCounts(
                    expected: nil, podsReady: nil, registered: nil, inMetadata: sample.brokers.count,
                    reachable: sample.brokers.filter(\.isReachable).count),
                list: sample.brokers.sorted { $0.id < $1.id }.map { Broker($0, load: loads[$0.id]) })
            partitions = PartitionCounts(
                total: health.partitionCount, offline: health.offline.count, underReplicated: health.underReplicated.count,
                atMinIsr: health.atMinISR.count, underMinIsr: health.underMinISR.count, leaderSkew: health.leaderSkew)
            topics = health.topics.sorted { $0.name < $1.name }.map { summary in
                Topic(summary: summary, partitions: sample.topic(summary.name)?.partitions ?? [])
            }
            let lags = Dictionary(grouping: health.lag, by: \.group)
            let consumers = Dictionary(consumers.map { ($0.group, $0) }, uniquingKeysWith: { first, _ in first })
            groups = sample.groups.sorted { $0.id < $1.id }.map { Group($0, lags: lags[$0.id] ?? [], consumers: consumers[$0.id]) }
            unavailable = sample.unavailable
            isrChurn = churn.map(ISRChurnDocument.init)
        }
    }

    struct ISRChurnDocument: Encodable, Sendable {
        var windowSeconds: Double
        var shrinksLastMinute: Int
        var expandsLastMinute: Int
        var events: [Event]

        struct Event: Encodable, Sendable {
            var at: Date
            var shrinks: Int
            var expands: Int
            /// Broker ids that left some ISR.
            var left: [Int32]
            var smallestShrunkIsr: Int?
            /// What Kubernetes saw of those brokers' pods just before.
            var podChanges: [PodChange]
        }

        struct PodChange: Encodable, Sendable {
            var pod: String
            var at: Date
            var status: String
            var ready: Bool
        }

        init(_ churn: ISRChurn) {
            windowSeconds = churn.window
            shrinksLastMinute = churn.shrinksLastMinute
            expandsLastMinute = churn.expandsLastMinute
            events = churn.events.map { event in
                Event(at: event.at, shrinks: event.shrinks, expands: event.expands, left: event.left.map(\.id),
                      smallestShrunkIsr: event.smallestShrunkISR,
                      podChanges: event.podChanges.map { PodChange(pod: $0.pod, at: $0.at, status: $0.status, ready: $0.isReady) })
            }
        }
    }

    package struct Brokers: Encodable, Sendable {
        /// The same brokers as each source counts them.
        package var counts: Counts
        var list: [Broker]

        package struct Counts: Encodable, Sendable {
            package var expected: Int?
            package var podsReady: Int?
            package var zookeeper: Int?
            package var metadata: Int
            package var reachable: Int
        }

        init(counts: KafkaBrokerCounts, list: [Broker]) {
            self.counts = Counts(
                expected: counts.expected, podsReady: counts.podsReady, zookeeper: counts.registered,
                metadata: counts.inMetadata, reachable: counts.reachable)
            self.list = list
        }
    }

    struct Broker: Encodable, Sendable {
        var id: Int32
        var pod: String?
        var advertised: String
        /// Where infratop reached it, when not at its advertised address.
        var address: String
        var rack: String?
        var controller: Bool
        var reachable: Bool
        var unreachableReason: String?
        var leaders: Int
        var replicas: Int

        init(_ broker: KafkaSample.Broker, load: KafkaHealth.BrokerLoad?) {
            id = broker.id
            pod = broker.pod
            advertised = broker.advertised.description
            address = broker.address.description
            rack = broker.rack
            controller = broker.isController
            reachable = broker.isReachable
            unreachableReason = broker.unreachableReason
            leaders = load?.leaders ?? 0
            replicas = load?.replicas ?? 0
        }
    }

    struct PartitionCounts: Encodable, Sendable {
        var total: Int
        var offline: Int
        var underReplicated: Int
        var atMinIsr: Int
        var underMinIsr: Int
        var leaderSkew: Double?
    }

    /// A topic as the Kafka view's table shows it, then its partitions.
    package struct Topic: Encodable, Sendable {
        package var name: String
        var `internal`: Bool
        package var partitions: Int
        package var replicationFactor: Int
        /// min(`min.insync.replicas`, replication factor), as brokers count it since KIP-966.
        var minInsyncReplicas: Int
        /// Where it came from: the topic's config, the brokers', or `assumed` (neither was read).
        var minInsyncReplicasBasis: String
        package var underReplicated: Int
        package var underMinIsr: Int
        var offline: Int
        package var messagesPerSecond: Double?
        var partitionList: [Partition]

        init(summary: KafkaHealth.TopicSummary, partitions: [KafkaSample.Partition]) {
            name = summary.name
            self.internal = summary.isInternal
            self.partitions = summary.partitions
            replicationFactor = summary.replicationFactor
            minInsyncReplicas = summary.minInsyncReplicas
            minInsyncReplicasBasis = summary.minInsyncReplicasBasis.rawValue
            underReplicated = summary.underReplicated
            underMinIsr = summary.underMinISR
            offline = summary.offline
            messagesPerSecond = summary.messagesPerSecond
            partitionList = partitions.sorted { $0.index < $1.index }.map(Partition.init)
        }
    }

    struct Partition: Encodable, Sendable {
        var partition: Int32
        var leader: Int32?
        var replicas: [Int32]
        var isr: [Int32]
        var offlineReplicas: [Int32]
        var highWatermark: Int64?
        var lowWatermark: Int64?
        var error: String?

        init(_ partition: KafkaSample.Partition) {
            self.partition = partition.index
            leader = partition.leader
            replicas = partition.replicas
            isr = partition.isr
            offlineReplicas = partition.offlineReplicas
            highWatermark = partition.highWatermark
            lowWatermark = partition.lowWatermark
            error = partition.error.map { "\($0)" } ?? partition.offsetsError
        }
    }

    package struct Group: Encodable, Sendable {
        package var id: String
        var state: String?
        var protocolType: String?
        var coordinator: Int32?
        /// False when the brokers did not describe the group: its members are unknown, not none.
        var membersKnown: Bool
        /// Members by client id and host, each with the pod of that IP and its workload when known.
        var members: [Member]
        /// Members beyond the partitions of its topics, which get none.
        var idleMembers: Int
        /// `Deployment/order-service`: the workload that consumes for it.
        var workload: String?
        var component: String?
        /// `members` (its members' pods are that workload's) or `name` (the group is named after it).
        var workloadBasis: String?
        var error: String?
        package var lag: [Lag]

        struct Member: Encodable, Sendable {
            var clientId: String
            var clientHost: String
            var pod: String?
            var workload: String?
        }

        package struct Lag: Encodable, Sendable {
            package var topic: String
            /// Messages behind the high watermark, summed over the partitions it committed.
            package var messages: Int64
            var partitions: [String: Int64]
            /// Seconds since the oldest unconsumed record was written, at record-batch precision;
            /// absent when some partition's is unknown (``lagSecondsUnknown`` says why).
            var lagSeconds: Double?
            var lagSecondsUnknown: String?
        }

        /// The reason's case name: `committedOffsetDeleted`, `oldMessageFormat`, `notReadYet`…
        static func code(_ reason: KafkaCommitTime.Reason) -> String {
            switch reason {
            case .committedOffsetDeleted: "committedOffsetDeleted"
            case .oldMessageFormat: "oldMessageFormat"
            case .noTimestamp: "noTimestamp"
            case .timestampIsDeleteHorizon: "timestampIsDeleteHorizon"
            case .corruptBatch: "corruptBatch"
            case .noRecordsReturned: "noRecordsReturned"
            case .batchHeaderCut: "batchHeaderCut"
            case .brokerError: "brokerError"
            case .requestFailed: "requestFailed"
            case .leaderUnknown: "leaderUnknown"
            case .leaderUnreachable: "leaderUnreachable"
            case .fetchUnavailable: "fetchUnavailable"
            case .noAnswerInTime: "noAnswerInTime"
            case .notReadYet: "notReadYet"
            }
        }

        init(_ group: KafkaSample.Group, lags: [KafkaHealth.Lag], consumers: GroupConsumers?) {
            id = group.id
            state = group.state
            protocolType = group.protocolType
            coordinator = group.coordinator
            membersKnown = consumers?.membersKnown ?? (group.state != nil)
            members = consumers?.members.map { Member(clientId: $0.clientID, clientHost: $0.host, pod: $0.pod, workload: $0.workload) }
                ?? group.members.map { Member(clientId: $0.clientID, clientHost: $0.clientHost) }
            idleMembers = consumers?.idleMembers ?? 0
            workload = consumers?.workload
            component = consumers?.component
            workloadBasis = consumers?.basis?.rawValue
            error = group.error
            lag = lags.sorted { $0.topic < $1.topic }.map { lag in
                Lag(topic: lag.topic, messages: lag.messages,
                    partitions: Dictionary(uniqueKeysWithValues: lag.perPartition.map { (String($0.key), $0.value) }),
                    lagSeconds: lag.seconds, lagSecondsUnknown: lag.secondsUnknownReason.map(Self.code))
            }
        }
    }
}

// MARK: - ZooKeeper

extension SnapshotDocument {
    package struct ZooKeeper: Encodable, Sendable {
        var endpoint: String
        var mode: String?
        var version: String?
        var latencyMilliseconds: Latency?
        var outstandingRequests: Int?
        var connections: Int?
        var znodes: Int?
        var zxid: String?
        var readOnly: Bool?
        /// Broker ids registered under `/brokers/ids`; nil when the znodes were not read.
        var registeredBrokers: [Int]?
        var controller: Int?
        var notes: [String]

        struct Latency: Encodable, Sendable {
            var min: Double
            var avg: Double
            var max: Double
        }

        init(_ sample: ZooKeeperSample) {
            endpoint = sample.endpoint.description
            mode = sample.mode?.description
            let server = sample.server
            version = server?.version ?? sample.monitor?.version
            latencyMilliseconds = server.map { Latency(min: $0.minimumLatency, avg: $0.averageLatency, max: $0.maximumLatency) }
            outstandingRequests = server?.outstandingRequests
            connections = server?.connections
            znodes = server?.nodeCount
            zxid = server.map { "0x" + String($0.zxid, radix: 16) }
            readOnly = sample.isReadOnly
            registeredBrokers = sample.kafka?.registeredBrokerIDs
            controller = sample.kafka?.controller?.brokerID
            notes = sample.notes
        }
    }
}

// MARK: - Redis

extension SnapshotDocument {
    package struct Redis: Encodable, Sendable {
        var version: String?
        var role: String?
        var uptimeSeconds: Int?
        var connectedClients: Int?
        var blockedClients: Int?
        package var usedMemoryBytes: Int?
        var usedMemoryRssBytes: Int?
        var usedMemoryPeakBytes: Int?
        /// nil when maxmemory is 0 (no limit) or unknown; see ``maxmemoryUnlimited``.
        package var maxmemoryBytes: Int?
        var maxmemoryUnlimited: Bool?
        var maxmemoryPolicy: String?
        var fragmentationRatio: Double?
        var evictedKeys: Int?
        var expiredKeys: Int?
        var keyspaceHits: Int?
        var keyspaceMisses: Int?
        var totalCommandsProcessed: Int?
        var rejectedConnections: Int?
        var aofEnabled: Bool?
        var aofLastWriteStatus: String?
        var rdbLastBgsaveStatus: String?
        var connectedReplicas: Int?
        var masterLinkStatus: String?
        var databases: [Database]
        /// Rates between the last two samples; absent before a second sample.
        var rates: Rates
        /// Memory against maxmemory and when it will be reached at the current growth.
        var forecast: Forecast
        var warnings: [String]
        var slowlog: [SlowCommand]
        var slowlogUnavailable: String?

        struct Database: Encodable, Sendable {
            var index: Int
            var keys: Int
            var expires: Int
            var averageTtlMilliseconds: Int?
        }

        struct Rates: Encodable, Sendable {
            var intervalSeconds: Double?
            var operationsPerSecond: Double?
            var evictionsPerSecond: Double?
            var hitRatio: Double?
        }

        struct Forecast: Encodable, Sendable {
            /// Used memory (as Redis counts it for eviction) over maxmemory.
            var memoryFraction: Double?
            var memoryGrowthBytesPerSecond: Double?
            var secondsUntilMaxmemory: Double?
        }

        struct SlowCommand: Encodable, Sendable {
            var id: Int64
            var startedAt: Date
            var durationMicroseconds: Int64
            var arguments: [String]
        }

        init(_ state: RedisState) {
            let info = state.sample.info
            let health = state.health
            version = info.redisVersion
            role = info.role
            uptimeSeconds = info.uptimeInSeconds
            connectedClients = info.connectedClients
            blockedClients = info.blockedClients
            usedMemoryBytes = info.usedMemory
            usedMemoryRssBytes = info.usedMemoryRSS
            usedMemoryPeakBytes = info.usedMemoryPeak
            maxmemoryBytes = info.maxmemory?.bytes
            maxmemoryUnlimited = info.maxmemory.map { $0 == .unlimited }
            maxmemoryPolicy = info.maxmemoryPolicy
            fragmentationRatio = info.memoryFragmentationRatio
            evictedKeys = info.evictedKeys
            expiredKeys = info.expiredKeys
            keyspaceHits = info.keyspaceHits
            keyspaceMisses = info.keyspaceMisses
            totalCommandsProcessed = info.totalCommandsProcessed
            rejectedConnections = info.rejectedConnections
            aofEnabled = info.isAOFEnabled
            aofLastWriteStatus = info.aofLastWriteStatus
            rdbLastBgsaveStatus = info.rdbLastBackgroundSaveStatus
            connectedReplicas = info.connectedReplicas
            masterLinkStatus = info.masterLinkStatus
            databases = info.databases.map { Database(index: $0.index, keys: $0.keys, expires: $0.expires, averageTtlMilliseconds: $0.averageTTL) }
            rates = Rates(
                intervalSeconds: health.interval, operationsPerSecond: health.operationsPerSecond,
                evictionsPerSecond: health.evictionsPerSecond, hitRatio: health.hitRatio)
            forecast = Forecast(
                memoryFraction: health.memoryFraction, memoryGrowthBytesPerSecond: health.memoryGrowthBytesPerSecond,
                secondsUntilMaxmemory: health.timeUntilMaxmemory)
            warnings = health.warnings.map(\.kind.rawValue)
            slowlog = state.sample.slowlog.map {
                SlowCommand(id: $0.id, startedAt: $0.startedAt, durationMicroseconds: $0.durationMicroseconds, arguments: $0.arguments)
            }
            slowlogUnavailable = state.sample.slowlogUnavailableReason
        }
    }
}
