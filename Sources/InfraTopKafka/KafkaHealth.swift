import Foundation
import InfraTopBasics

/// Facts derived from a ``KafkaSample`` (and the one before it): replication
/// health, load per broker, message rates, consumer lag and address mistakes.
///
/// Pure: the same samples always give the same facts, so every state a real
/// cluster rarely shows (a shrunken ISR, a leaderless partition) is testable.
package struct KafkaHealth: Sendable, Equatable {
    /// What the cluster is meant to look like.
    package struct Expectations: Sendable, Equatable {
        /// Assumed for topics whose `min.insync.replicas` neither the topic's nor the brokers'
        /// configs gave (brokers without DescribeConfigs). Kafka's own default is 1; clusters that
        /// replicate three times usually set 2, and e-commerce-saga's failure is told in those
        /// terms, so 2 is assumed, and shown as assumed.
        package var minInsyncReplicas: Int
        /// How many brokers should be listed (the StatefulSet's replicas); nil when unknown.
        package var brokerCount: Int?

        package init(minInsyncReplicas: Int = 2, brokerCount: Int? = nil) {
            self.minInsyncReplicas = minInsyncReplicas
            self.brokerCount = brokerCount
        }
    }

    package typealias TopicPartition = KafkaSample.TopicPartition

    /// Leaders and replicas one broker holds.
    package struct BrokerLoad: Sendable, Equatable {
        package var broker: Int32
        package var leaders: Int
        package var replicas: Int
        init(broker: Int32, leaders: Int, replicas: Int) {
            self.broker = broker
            self.leaders = leaders
            self.replicas = replicas
        }
    }

    /// How far behind in time a group is on one partition.
    package enum PartitionLagTime: Sendable, Equatable {
        /// No record after the committed offset: nothing to be behind on.
        case caughtUp
        /// The record at the committed offset was written `seconds` before the sample was taken,
        /// to the precision of its batch (see ``KafkaRecordTime/timestamp``). Negative when the
        /// producer's clock runs ahead of infratop's.
        case behind(seconds: Double, record: KafkaRecordTime)
        /// Records wait after the committed offset, but when the first of them was written is not known.
        case unknown(KafkaCommitTime.Reason)

        /// The seconds behind: 0 when caught up, nil when unknown.
        package var seconds: Double? {
            switch self {
            case .caughtUp: 0
            case .behind(let seconds, _): seconds
            case .unknown: nil
            }
        }
    }

    /// Consumer lag of one group on one topic.
    package struct Lag: Sendable, Equatable {
        package var group: String
        package var topic: String
        /// Messages written but not yet committed, summed over the partitions with both numbers.
        package var messages: Int64
        package var perPartition: [Int32: Int64]
        /// Lag in time for the same partitions as ``perPartition``.
        package var timePerPartition: [Int32: PartitionLagTime]
        /// The most seconds any partition is behind, at batch precision; nil unless every
        /// partition's is known, since the largest of some is not the largest of all.
        package var seconds: Double?
        /// Why ``seconds`` is nil: the reason of the lowest partition whose time is unknown.
        package var secondsUnknownReason: KafkaCommitTime.Reason?

        init(
            group: String, topic: String, messages: Int64, perPartition: [Int32: Int64],
            timePerPartition: [Int32: PartitionLagTime] = [:]
        ) {
            self.group = group
            self.topic = topic
            self.messages = messages
            self.perPartition = perPartition
            self.timePerPartition = timePerPartition
            var most: Double? = nil
            var reason: KafkaCommitTime.Reason? = nil
            for partition in timePerPartition.keys.sorted() {
                switch timePerPartition[partition] {
                case .unknown(let why): if reason == nil { reason = why }
                case let time?: most = max(most ?? -.infinity, time.seconds ?? 0)
                case nil: break
                }
            }
            seconds = reason == nil ? most : nil
            secondsUnknownReason = reason
        }
    }

    /// Brokers that all advertise one address.
    package struct SharedAdvertisement: Sendable, Equatable, CustomStringConvertible {
        package var endpoint: Endpoint
        package var brokers: [Int32]
        init(endpoint: Endpoint, brokers: [Int32]) {
            self.endpoint = endpoint
            self.brokers = brokers
        }
        package var description: String {
            let ids = brokers.map(String.init)
            let list = ids.count == 2 ? ids.joined(separator: " and ") : ids.dropLast().joined(separator: ", ") + ", " + (ids.last ?? "")
            let all = brokers.count == 2 ? "both" : "all"
            return "brokers \(list) \(all) advertise \(endpoint): clients can't reach a chosen leader"
        }
    }

    /// Where a topic's `min.insync.replicas` came from.
    package enum MinISRBasis: String, Sendable, Equatable {
        /// The topic's own config (DescribeConfigs on the topic: its override or the inherited default).
        case topic
        /// The brokers' config, when the topic's was not read.
        case broker
        /// Neither was read: ``Expectations/minInsyncReplicas`` is assumed.
        case assumed
    }

    /// One topic's partition health, as the Kafka view's topic table and the JSON model show it.
    package struct TopicSummary: Sendable, Equatable {
        package var name: String
        package var isInternal: Bool
        package var partitions: Int
        /// The most replicas any of its partitions has.
        package var replicationFactor: Int
        /// Its effective min ISR (see ``KafkaHealth/effectiveMinISR``).
        package var minInsyncReplicas: Int
        package var minInsyncReplicasBasis: MinISRBasis
        package var underReplicated: Int
        package var underMinISR: Int
        package var offline: Int
        /// Messages per second from high-watermark growth; nil before a second sample.
        package var messagesPerSecond: Double?
    }

    /// A partition whose in-sync replicas changed between the previous sample and this one.
    package struct ISRChange: Sendable, Equatable {
        package var partition: TopicPartition
        package var before: [Int32]
        package var after: [Int32]
        /// Brokers that left the ISR.
        package var left: [Int32] { before.filter { !after.contains($0) }.sorted() }
        /// Brokers that joined it.
        package var joined: [Int32] { after.filter { !before.contains($0) }.sorted() }
    }

    /// Partitions whose ISR lost a broker since the previous sample (a partition that lost one
    /// and gained another is in both lists); empty without a previous sample.
    package var isrShrinks: [ISRChange] = []
    /// Partitions whose ISR gained a broker since the previous sample.
    package var isrExpands: [ISRChange] = []

    package var partitionCount: Int
    /// Every topic the metadata lists, by name.
    package var topics: [TopicSummary]
    /// Each topic's effective min ISR: its `min.insync.replicas` (else the expectation), capped at
    /// its replication factor, as brokers count it since KIP-966. A topic of RF 2 with
    /// `min.insync.replicas` 3 needs 2 in sync, not an impossible 3.
    package var effectiveMinISR: [String: Int]
    /// The min ISR assumed for some topic because neither its config nor the brokers' was read; nil when none was.
    package var assumedMinISR: Int?
    /// |ISR| < |replicas|.
    package var underReplicated: [TopicPartition]
    /// |ISR| = effective min ISR: one more replica lost and producers with acks=all fail.
    package var atMinISR: [TopicPartition]
    /// |ISR| < effective min ISR, or no leader: producers with acks=all fail now.
    package var underMinISR: [TopicPartition]
    /// No leader, or a leader the cluster does not list as live: nobody can read or write.
    package var offline: [TopicPartition]
    package var brokerLoads: [BrokerLoad]
    /// Most leaders on one listed broker divided by the even share; 1 is balanced, nil with no leaders.
    package var leaderSkew: Double?
    /// Messages per second per topic, from high-watermark growth; topics with no comparable partition are absent.
    package var messagesPerSecond: [String: Double]
    package var lag: [Lag]
    package var sharedAdvertisements: [SharedAdvertisement]
    /// Expected brokers minus listed brokers, when positive.
    package var missingBrokers: Int
    /// Why the controller is in doubt, or nil when a listed broker is controller.
    package var controllerProblem: String?

    package init(sample: KafkaSample, previous: KafkaSample? = nil, expectations: Expectations = .init()) {
        let live = Set(sample.brokers.map(\.id))
        var count = 0
        var under: [TopicPartition] = [], atMin: [TopicPartition] = [], underMin: [TopicPartition] = [], offline: [TopicPartition] = []
        var leaders: [Int32: Int] = [:], replicas: [Int32: Int] = [:]
        var effective: [String: Int] = [:]
        for broker in sample.brokers {
            leaders[broker.id] = 0
            replicas[broker.id] = 0
        }
        var summaries: [TopicSummary] = []
        // Brokers should agree; if they do not, the strictest is the one a producer can meet everywhere.
        let brokerMinISR = sample.brokerConfigs.values.compactMap { $0["min.insync.replicas"].flatMap { Int($0) } }.max()
        var assumed = false
        for topic in sample.topics {
            let basis: MinISRBasis
            let configured: Int
            if let own = topic.configs["min.insync.replicas"].flatMap({ Int($0) }) {
                (basis, configured) = (.topic, own)
            } else if let brokers = brokerMinISR {
                (basis, configured) = (.broker, brokers)
            } else {
                (basis, configured) = (.assumed, expectations.minInsyncReplicas)
                assumed = true
            }
            let replicationFactor = topic.partitions.map(\.replicas.count).max() ?? 0
            effective[topic.name] = replicationFactor > 0 ? min(configured, replicationFactor) : configured
            var summary = TopicSummary(
                name: topic.name, isInternal: topic.isInternal, partitions: topic.partitions.count, replicationFactor: replicationFactor,
                minInsyncReplicas: effective[topic.name] ?? configured, minInsyncReplicasBasis: basis,
                underReplicated: 0, underMinISR: 0, offline: 0)
            for partition in topic.partitions {
                count += 1
                let minISR = partition.replicas.isEmpty ? configured : min(configured, partition.replicas.count)
                let key = TopicPartition(topic.name, partition.index)
                let leaderIsLive = partition.leader.map { live.contains($0) && !partition.offlineReplicas.contains($0) } ?? false
                if partition.isr.count < partition.replicas.count {
                    under.append(key)
                    summary.underReplicated += 1
                }
                if !leaderIsLive {
                    offline.append(key)
                    summary.offline += 1
                }
                if !leaderIsLive || partition.isr.count < minISR {
                    underMin.append(key)
                    summary.underMinISR += 1
                } else if partition.isr.count == minISR {
                    atMin.append(key)
                }
                if let leader = partition.leader { leaders[leader, default: 0] += 1 }
                for replica in partition.replicas { replicas[replica, default: 0] += 1 }
            }
            summaries.append(summary)
        }
        partitionCount = count
        effectiveMinISR = effective
        assumedMinISR = assumed ? expectations.minInsyncReplicas : nil
        underReplicated = under
        atMinISR = atMin
        underMinISR = underMin
        self.offline = offline
        brokerLoads = Set(leaders.keys).union(replicas.keys).sorted().map {
            BrokerLoad(broker: $0, leaders: leaders[$0] ?? 0, replicas: replicas[$0] ?? 0)
        }
        let listedLeaders = sample.brokers.map { leaders[$0.id] ?? 0 }
        let totalLeaders = listedLeaders.reduce(0, +)
        if totalLeaders > 0, let most = listedLeaders.max() {
            leaderSkew = Double(most) / (Double(totalLeaders) / Double(listedLeaders.count))
        } else {
            leaderSkew = nil
        }
        if let previous { (isrShrinks, isrExpands) = Self.isrChanges(from: previous, to: sample) }
        let rates = previous.map { Self.rates(sample, previous: $0) } ?? [:]
        messagesPerSecond = rates
        topics = summaries.map { summary in
            var summary = summary
            summary.messagesPerSecond = rates[summary.name]
            return summary
        }
        lag = Self.lag(sample)
        sharedAdvertisements = Self.shared(sample.brokers)
        missingBrokers = max(0, (expectations.brokerCount ?? 0) - sample.brokers.count)
        if let controller = sample.controllerID {
            controllerProblem = live.contains(controller) ? nil
                : "controller \(controller) is not among the listed brokers (\(sample.brokers.map { String($0.id) }.joined(separator: ", ")))"
        } else {
            controllerProblem = "the cluster reports no controller: brokers cannot elect leaders; check ZooKeeper"
        }
    }

    /// ISR changes between two metadata samples, the way JMX's IsrShrinksPerSec and
    /// IsrExpandsPerSec count them but seen from outside: partitions missing from either sample
    /// (created, deleted, or their leader unknown) are not changes.
    package static func isrChanges(from previous: KafkaSample, to sample: KafkaSample) -> (shrinks: [ISRChange], expands: [ISRChange]) {
        var shrinks: [ISRChange] = []
        var expands: [ISRChange] = []
        for topic in sample.topics {
            guard let before = previous.topic(topic.name) else { continue }
            let earlier = Dictionary(before.partitions.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
            for partition in topic.partitions {
                guard let then = earlier[partition.index], partition.error == nil, then.error == nil else { continue }
                let change = ISRChange(partition: TopicPartition(topic.name, partition.index), before: then.isr, after: partition.isr)
                if !change.left.isEmpty { shrinks.append(change) }
                if !change.joined.isEmpty { expands.append(change) }
            }
        }
        return (shrinks, expands)
    }

    private static func rates(_ sample: KafkaSample, previous: KafkaSample) -> [String: Double] {
        let seconds = sample.takenAt.timeIntervalSince(previous.takenAt)
        guard seconds > 0 else { return [:] }
        var rates: [String: Double] = [:]
        for topic in sample.topics {
            guard let before = previous.topic(topic.name) else { continue }
            var messages: Int64 = 0
            var compared = false
            for partition in topic.partitions {
                guard let now = partition.highWatermark,
                      let then = before.partitions.first(where: { $0.index == partition.index })?.highWatermark,
                      now >= then  // A watermark that went down (topic recreated, unclean election) says nothing about traffic.
                else { continue }
                // Watermarks come from the wire: a jump between extremes must not trap.
                messages = messages.addingSaturated(now.subtractingSaturated(then))
                compared = true
            }
            if compared { rates[topic.name] = Double(messages) / seconds }
        }
        return rates
    }

    private static func lag(_ sample: KafkaSample) -> [Lag] {
        var result: [Lag] = []
        for group in sample.groups {
            let topics = Set(group.committed.keys.map(\.topic)).sorted()
            for name in topics {
                guard let topic = sample.topic(name) else { continue }
                var perPartition: [Int32: Int64] = [:]
                var timePerPartition: [Int32: PartitionLagTime] = [:]
                for partition in topic.partitions {
                    let key = TopicPartition(name, partition.index)
                    guard let committed = group.committed[key], let high = partition.highWatermark else { continue }
                    perPartition[partition.index] = max(0, high.subtractingSaturated(committed))
                    timePerPartition[partition.index] = lagTime(
                        committed: committed, high: high, low: partition.lowWatermark, read: group.commitTimes[key], at: sample.takenAt)
                }
                guard !perPartition.isEmpty else { continue }
                result.append(Lag(
                    group: group.id, topic: name, messages: perPartition.values.reduce(0) { $0.addingSaturated($1) },
                    perPartition: perPartition, timePerPartition: timePerPartition))
            }
        }
        return result
    }

    /// One partition's lag in time, from what was read of the record at the committed offset.
    private static func lagTime(committed: Int64, high: Int64, low: Int64?, read: KafkaCommitTime?, at now: Date) -> PartitionLagTime {
        guard committed < high else { return .caughtUp }
        if let low, committed < low { return .unknown(.committedOffsetDeleted(logStartOffset: low)) }
        guard let read else { return .unknown(.notReadYet) }
        if let record = read.recordTime(at: committed) {
            let written = Double(record.timestamp) / 1000
            return .behind(seconds: now.timeIntervalSince1970 - written, record: record)
        }
        if read.committedOffset == committed, case .unknown(let reason) = read.time { return .unknown(reason) }
        return .unknown(.notReadYet)
    }

    private static func shared(_ brokers: [KafkaSample.Broker]) -> [SharedAdvertisement] {
        Dictionary(grouping: brokers, by: \.advertised)
            .filter { $0.value.count > 1 }
            .map { SharedAdvertisement(endpoint: $0.key, brokers: $0.value.map(\.id).sorted()) }
            .sorted { $0.brokers.first ?? 0 < $1.brokers.first ?? 0 }
    }
}
