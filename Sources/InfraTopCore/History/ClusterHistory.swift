import Foundation
import InfraTopKafka
import InfraTopRedis
import InfraTopMongo
import InfraTopZooKeeper
import InfraTopKubernetes

/// Bounded histories of what the collectors saw, for timelines and "missing since when".
///
/// Everything here is appended by the store's `record` methods and by nothing else, so a
/// recording replayed through those methods rebuilds the same history. Memory stays flat:
/// every series is a ``HistoryRing``, pods keep only their transitions, and workloads and pods
/// that are gone age out after one window.
package struct ClusterHistory: Sendable {
    /// Replica counts of one workload at one poll.
    package struct ReplicaPoint: Sendable, Equatable {
        package var at: Date
        package var desired: Int
        package var current: Int
        package var ready: Int

        package init(at: Date, desired: Int, current: Int, ready: Int) {
            self.at = at
            self.desired = desired
            self.current = current
            self.ready = ready
        }
    }

    /// Kafka's replication health at one poll.
    package struct KafkaPoint: Sendable, Equatable {
        package var at: Date
        /// Brokers listed in metadata.
        package var liveBrokers: Int
        package var underReplicated: Int
        package var underMinISR: Int
        /// Partitions whose ISR shrank or expanded since the poll before (0 at the first poll).
        package var isrShrinks: Int
        package var isrExpands: Int
        /// Brokers that left some ISR since the poll before, ascending.
        package var leftISR: [Int32]
        /// The smallest ISR a shrunken partition was left with; nil when none shrank.
        package var smallestShrunkISR: Int?

        package init(at: Date, liveBrokers: Int, underReplicated: Int, underMinISR: Int,
                     isrShrinks: Int = 0, isrExpands: Int = 0, leftISR: [Int32] = [], smallestShrunkISR: Int? = nil) {
            self.at = at
            self.liveBrokers = liveBrokers
            self.underReplicated = underReplicated
            self.underMinISR = underMinISR
            self.isrShrinks = isrShrinks
            self.isrExpands = isrExpands
            self.leftISR = leftISR
            self.smallestShrunkISR = smallestShrunkISR
        }
    }

    /// How many Kafka brokers ZooKeeper listed at one poll; nil when the registrations could not be read.
    package struct RegistrationPoint: Sendable, Equatable {
        package var at: Date
        package var registeredBrokers: Int?

        package init(at: Date, registeredBrokers: Int?) {
            self.at = at
            self.registeredBrokers = registeredBrokers
        }
    }

    /// Redis's memory and evictions at one poll.
    package struct RedisPoint: Sendable, Equatable {
        package var at: Date
        /// Used memory in bytes.
        package var usedMemory: Double?
        /// Evictions per second since the poll before; nil where no rate could be taken.
        package var evictionsPerSecond: Double?

        init(at: Date, usedMemory: Double?, evictionsPerSecond: Double?) {
            self.at = at
            self.usedMemory = usedMemory
            self.evictionsPerSecond = evictionsPerSecond
        }
    }

    /// MongoDB's operations and cache at one poll.
    package struct MongoPoint: Sendable, Equatable {
        package var at: Date
        /// Operations of every kind per second since the poll before; nil where no rate could be taken.
        package var operationsPerSecond: Double?
        /// Bytes in the WiredTiger cache.
        package var cacheBytes: Double?

        init(at: Date, operationsPerSecond: Double?, cacheBytes: Double?) {
            self.at = at
            self.operationsPerSecond = operationsPerSecond
            self.cacheBytes = cacheBytes
        }
    }

    /// Identifies a workload: `StatefulSet/kafka`, `Deployment/order-service`.
    package struct WorkloadKey: Sendable, Hashable, CustomStringConvertible {
        package var kind: Component.WorkloadKind
        package var name: String

        init(_ kind: Component.WorkloadKind, _ name: String) {
            self.kind = kind
            self.name = name
        }

        package var description: String { "\(kind.rawValue)/\(name)" }
    }

    /// Points kept per series: one hour at the default two-second refresh.
    package let capacity: Int
    /// Transitions kept per pod.
    package let transitionsPerPod: Int
    /// Pods followed at once besides those present; beyond it the ones gone longest are forgotten first.
    package let podLimit: Int
    /// Workloads followed at once.
    package let workloadLimit: Int

    package private(set) var workloads: [WorkloadKey: HistoryRing<ReplicaPoint>] = [:]
    package private(set) var pods: [String: PodHistory] = [:]
    package private(set) var kafka: HistoryRing<KafkaPoint>
    package private(set) var zookeeperBrokers: HistoryRing<RegistrationPoint>
    package private(set) var redis: HistoryRing<RedisPoint>
    package private(set) var mongodb: HistoryRing<MongoPoint>
    /// How many Kubernetes states were recorded; pods and workloads not seen for `capacity` of them are dropped.
    private(set) var kubernetesRecords = 0
    private var workloadLastSeen: [WorkloadKey: Int] = [:]

    package init(capacity: Int = 1800, transitionsPerPod: Int = 32, podLimit: Int = 2000, workloadLimit: Int = 500) {
        self.capacity = max(1, capacity)
        self.transitionsPerPod = max(1, transitionsPerPod)
        self.podLimit = max(1, podLimit)
        self.workloadLimit = max(1, workloadLimit)
        kafka = HistoryRing(capacity: self.capacity)
        zookeeperBrokers = HistoryRing(capacity: self.capacity)
        redis = HistoryRing(capacity: self.capacity)
        mongodb = HistoryRing(capacity: self.capacity)
    }

    /// The replica history of one workload, oldest first; empty when never seen.
    package func replicas(of key: WorkloadKey) -> [ReplicaPoint] {
        workloads[key]?.elements ?? []
    }

    /// Records replica counts, and each pod's observation unless `podsUnchanged` says the pods
    /// are those of the previous record: then there is nothing new to see in them, and the
    /// namespace is not walked.
    package mutating func record(_ state: KubernetesState, at time: Date, podsUnchanged: Bool = false) {
        kubernetesRecords += 1
        let tick = kubernetesRecords
        var counts: [(WorkloadKey, ReplicaPoint)] = state.statefulSets.map { set in
            (WorkloadKey(.statefulSet, set.metadata.name),
             ReplicaPoint(at: time, desired: set.desiredReplicas, current: set.status.currentReplicas, ready: set.status.readyReplicas))
        }
        counts += state.deployments.map { deployment in
            (WorkloadKey(.deployment, deployment.metadata.name),
             ReplicaPoint(at: time, desired: deployment.desiredReplicas, current: deployment.status.replicas, ready: deployment.status.readyReplicas))
        }
        for (key, seen) in workloadLastSeen where tick - seen >= capacity {
            workloads[key] = nil
            workloadLastSeen[key] = nil
        }
        for (key, point) in counts {
            if workloads[key] == nil, workloads.count >= workloadLimit {
                // Make room by forgetting the workload gone longest; present ones are never dropped.
                guard let gone = workloadLastSeen.filter({ $0.value < tick }).min(by: { ($0.value, $0.key.name) < ($1.value, $1.key.name) })
                else { continue }
                workloads[gone.key] = nil
                workloadLastSeen[gone.key] = nil
            }
            workloads[key, default: HistoryRing(capacity: capacity)].append(point)
            workloadLastSeen[key] = tick
        }

        guard !podsUnchanged else { return }
        for pod in state.pods {
            let name = pod.metadata.name
            let observed = PodHistory.Observation(pod)
            if var history = pods[name] {
                history.observe(observed, uid: pod.metadata.uid, at: time, tick: tick)
                pods[name] = history
            } else {
                pods[name] = PodHistory(first: observed, uid: pod.metadata.uid, at: time, tick: tick, limit: transitionsPerPod)
            }
        }
        pods = pods.filter { tick - $0.value.lastSeenTick < capacity }
        if pods.count > podLimit {
            // Forget the pods gone longest until the limit holds; pods present now are all kept,
            // as workloads are, so a namespace larger than the limit is not forgotten and relearnt.
            let gone = pods.filter { $0.value.lastSeenTick < tick }
            let room = max(podLimit - (pods.count - gone.count), 0)
            if gone.count > room {
                let forgotten = gone.sorted { ($0.value.lastSeenTick, $0.key) < ($1.value.lastSeenTick, $1.key) }.prefix(gone.count - room)
                for (name, _) in forgotten { pods[name] = nil }
            }
        }
    }

    package mutating func record(_ sample: KafkaSample, previous: KafkaSample? = nil, at time: Date) {
        let health = KafkaHealth(sample: sample, previous: previous)
        kafka.append(KafkaPoint(
            at: time, liveBrokers: sample.brokers.count,
            underReplicated: health.underReplicated.count, underMinISR: health.underMinISR.count,
            isrShrinks: health.isrShrinks.count, isrExpands: health.isrExpands.count,
            leftISR: Array(Set(health.isrShrinks.flatMap(\.left))).sorted(),
            smallestShrunkISR: health.isrShrinks.map(\.after.count).min()))
    }

    package mutating func record(_ health: RedisHealth, of sample: RedisSample, at time: Date) {
        redis.append(RedisPoint(at: time, usedMemory: sample.info.usedMemory.map(Double.init), evictionsPerSecond: health.evictionsPerSecond))
    }

    package mutating func record(_ rates: MongoRates, of sample: MongoSample, at time: Date) {
        mongodb.append(MongoPoint(at: time, operationsPerSecond: rates.operations, cacheBytes: sample.cache?.bytesInCache.map(Double.init)))
    }

    package mutating func record(_ sample: ZooKeeperSample, at time: Date) {
        zookeeperBrokers.append(RegistrationPoint(at: time, registeredBrokers: sample.kafka?.registeredBrokerIDs.count))
    }
}

/// One pod's phase and status as seen poll after poll, kept only where they changed.
package struct PodHistory: Sendable, Equatable {
    /// What a poll saw of the pod: what `kubectl get pods` shows, and whether it serves.
    package struct Observation: Sendable, Equatable {
        package var phase: String
        /// The STATUS column (`Running`, `Pending`, `CrashLoopBackOff`...).
        package var status: String
        package var isReady: Bool

        init(phase: String, status: String, isReady: Bool) {
            self.phase = phase
            self.status = status
            self.isReady = isReady
        }

        init(_ pod: Pod) {
            self.init(phase: pod.status.phase, status: PodSummary(pod).status, isReady: pod.isRunningAndReady)
        }
    }

    /// A change seen between two polls, stamped with the poll that saw it.
    package struct Transition: Sendable, Equatable {
        package var at: Date
        package var observation: Observation

        init(at: Date, observation: Observation) {
            self.at = at
            self.observation = observation
        }
    }

    /// When infratop first saw this pod (under this uid): before that it knows nothing.
    package private(set) var firstSeen: Date
    package private(set) var uid: String
    /// The first observation and every change after it, oldest first.
    package private(set) var transitions: HistoryRing<Transition>
    package private(set) var lastSeen: Date
    var lastSeenTick: Int

    init(first: Observation, uid: String, at time: Date, tick: Int, limit: Int) {
        firstSeen = time
        self.uid = uid
        transitions = HistoryRing(capacity: limit)
        transitions.append(Transition(at: time, observation: first))
        lastSeen = time
        lastSeenTick = tick
    }

    mutating func observe(_ observation: Observation, uid: String, at time: Date, tick: Int) {
        if uid != self.uid {
            // A new pod under an old name (a StatefulSet recreated kafka-1): its story starts over.
            self = PodHistory(first: observation, uid: uid, at: time, tick: tick, limit: transitions.capacity)
            return
        }
        if transitions.last?.observation != observation {
            transitions.append(Transition(at: time, observation: observation))
        }
        lastSeen = time
        lastSeenTick = tick
    }

    /// The latest observation.
    package var current: Observation? { transitions.last?.observation }

    /// When the pod last stopped serving, if infratop saw it happen: the first poll of the
    /// current not-ready run that follows a ready one. Nil while ready, or when the pod has not
    /// been ready since infratop first saw it (or since the oldest transition kept).
    package var notReadySince: Date? {
        let all = transitions.elements
        guard let last = all.last, !last.observation.isReady else { return nil }
        var index = all.count - 1
        while index > 0, !all[index - 1].observation.isReady { index -= 1 }
        return index > 0 ? all[index].at : nil
    }
}
