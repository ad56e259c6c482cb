import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKafka

@Suite("Kafka health")
struct KafkaHealthTests {
    typealias TP = KafkaSample.TopicPartition
    static let client = Endpoint(host: "kafka-client", port: 9092)
    static let t0 = Date(timeIntervalSince1970: 1_000)

    static func brokers(_ ids: [Int32], advertised: (Int32) -> Endpoint = { _ in client }) -> [KafkaSample.Broker] {
        ids.map { KafkaSample.Broker(id: $0, advertised: advertised($0), address: advertised($0), isController: $0 == 0) }
    }

    /// e-commerce-saga as the story goes: kafka-1 and kafka-2 fell out of the ISR of partitions kafka-0 leads.
    static func saga(at time: Date = t0, orders: [Int64] = [100, 200, 300], payments: Int64 = 50) -> KafkaSample {
        KafkaSample(
            takenAt: time, metadataFrom: client, controllerID: 0, brokers: brokers([0, 1, 2]),
            topics: [
                .init(name: "orders", partitions: [
                    .init(index: 0, leader: 0, replicas: [0, 1, 2], isr: [0], highWatermark: orders[0]),
                    .init(index: 1, leader: 0, replicas: [1, 2, 0], isr: [0, 1], highWatermark: orders[1]),
                    .init(index: 2, leader: 0, replicas: [2, 0, 1], isr: [0, 1, 2], highWatermark: orders[2]),
                ], configs: ["min.insync.replicas": "2"]),
                .init(name: "payments", partitions: [
                    .init(index: 0, leader: nil, replicas: [1, 2, 0], isr: [], error: .leaderNotAvailable, highWatermark: nil),
                    .init(index: 1, leader: 5, replicas: [5, 0, 1], isr: [5, 0, 1], highWatermark: payments),
                ]),
            ],
            groups: [.init(id: "inventory-service", committed: [TP("orders", 0): 90, TP("orders", 1): 250, TP("payments", 1): 40])])
    }

    @Test func countsReplicationStates() {
        let health = KafkaHealth(sample: Self.saga(), expectations: .init(minInsyncReplicas: 2, brokerCount: 3))
        #expect(health.partitionCount == 5)
        #expect(health.underReplicated == [TP("orders", 0), TP("orders", 1), TP("payments", 0)])
        #expect(health.atMinISR == [TP("orders", 1)])
        // orders-0 has 1 in sync of 2 required; payments-0 has no leader; payments-1's leader 5 is not a listed broker.
        #expect(health.underMinISR == [TP("orders", 0), TP("payments", 0), TP("payments", 1)])
        #expect(health.offline == [TP("payments", 0), TP("payments", 1)])
        #expect(health.missingBrokers == 0)
    }

    @Test func aTopicsOwnMinInsyncReplicasOverridesTheExpectation() {
        var sample = Self.saga()
        sample.topics[0].configs["min.insync.replicas"] = "1"
        let health = KafkaHealth(sample: sample, expectations: .init(minInsyncReplicas: 3))
        #expect(health.underMinISR.filter { $0.topic == "orders" } == [])
        #expect(health.atMinISR.filter { $0.topic == "orders" } == [TP("orders", 0)])
    }

    /// min.insync.replicas comes from the topic's config, else the brokers', else the assumption,
    /// and each topic says which.
    @Test func theMinISRSaysWhereItCameFrom() {
        var sample = Self.saga()
        var health = KafkaHealth(sample: sample, expectations: .init(minInsyncReplicas: 2))
        #expect(health.topics.map(\.minInsyncReplicasBasis) == [.topic, .assumed])
        #expect(health.assumedMinISR == 2)

        sample.brokerConfigs = [0: ["min.insync.replicas": "1"], 1: ["min.insync.replicas": "3"], 2: [:]]
        health = KafkaHealth(sample: sample, expectations: .init(minInsyncReplicas: 2))
        // The brokers disagree: the strictest (3) is what every broker can hold a producer to.
        #expect(health.topics.map(\.minInsyncReplicasBasis) == [.topic, .broker])
        #expect(health.topics.map(\.minInsyncReplicas) == [2, 3])
        #expect(health.assumedMinISR == nil)
        #expect(health.underMinISR.filter { $0.topic == "payments" } == [TP("payments", 0), TP("payments", 1)])
    }

    /// Since KIP-966 brokers cap min.insync.replicas at the replication factor: RF 2 with 3 needs 2.
    @Test func theEffectiveMinISRIsCappedAtTheReplicationFactor() {
        let sample = KafkaSample(
            takenAt: Self.t0, metadataFrom: Self.client, controllerID: 0, brokers: Self.brokers([0, 1, 2]),
            topics: [
                .init(name: "audit", partitions: [
                    .init(index: 0, leader: 0, replicas: [0, 1], isr: [0, 1], highWatermark: 10),
                    .init(index: 1, leader: 1, replicas: [1, 2], isr: [1], highWatermark: 10),
                ], configs: ["min.insync.replicas": "3"]),
                .init(name: "orders", partitions: [
                    .init(index: 0, leader: 0, replicas: [0, 1, 2], isr: [0, 1], highWatermark: 10),
                ], configs: ["min.insync.replicas": "3"]),
            ])
        let health = KafkaHealth(sample: sample, expectations: .init(minInsyncReplicas: 2))
        #expect(health.effectiveMinISR == ["audit": 2, "orders": 3])
        #expect(health.atMinISR == [TP("audit", 0)])
        #expect(health.underMinISR == [TP("audit", 1), TP("orders", 0)])
    }

    @Test func anOfflineReplicaLeaderMakesThePartitionOffline() {
        var sample = Self.saga()
        sample.topics[0].partitions[2].offlineReplicas = [0]
        #expect(KafkaHealth(sample: sample).offline.contains(TP("orders", 2)))
    }

    @Test func loadPerBrokerAndLeaderSkew() {
        let health = KafkaHealth(sample: Self.saga())
        #expect(health.brokerLoads == [
            .init(broker: 0, leaders: 3, replicas: 5), .init(broker: 1, leaders: 0, replicas: 5),
            .init(broker: 2, leaders: 0, replicas: 4), .init(broker: 5, leaders: 1, replicas: 1),
        ])
        // Broker 0 leads all 3 of the 3 leaders on listed brokers: three times its even share.
        #expect(health.leaderSkew == 3)
    }

    @Test func balancedLeadersHaveNoSkew() {
        var sample = Self.saga()
        sample.topics[0].partitions[1].leader = 1
        sample.topics[0].partitions[2].leader = 2
        sample.topics.removeLast()
        #expect(KafkaHealth(sample: sample).leaderSkew == 1)
    }

    @Test func messagesPerSecondFromWatermarkGrowthSkippingWatermarksThatWentDown() {
        let before = Self.saga(at: Self.t0, orders: [100, 200, 300], payments: 50)
        let after = Self.saga(at: Self.t0 + 10, orders: [150, 150, 400], payments: 80)
        let health = KafkaHealth(sample: after, previous: before)
        // orders-1 went from 200 to 150 (recreated): left out; 50 + 100 over 10 s.
        #expect(health.messagesPerSecond == ["orders": 15, "payments": 3])
        #expect(KafkaHealth(sample: after).messagesPerSecond == [:])
        #expect(KafkaHealth(sample: before, previous: before).messagesPerSecond == [:])
    }

    @Test func consumerLagPerGroupAndTopicNeverNegative() {
        let health = KafkaHealth(sample: Self.saga())
        #expect(health.lag == [
            .init(group: "inventory-service", topic: "orders", messages: 10, perPartition: [0: 10, 1: 0],
                  timePerPartition: [0: .unknown(.notReadYet), 1: .caughtUp]),
            .init(group: "inventory-service", topic: "payments", messages: 10, perPartition: [1: 10],
                  timePerPartition: [1: .unknown(.notReadYet)]),
        ])
        // Nothing was read of the records at the commits, so no lag in time is claimed.
        #expect(health.lag.map(\.seconds) == [nil, nil])
        #expect(health.lag.map(\.secondsUnknownReason) == [.notReadYet, .notReadYet])
    }

    @Test func brokersSharingOneAdvertisedAddressAreFlagged() {
        let health = KafkaHealth(sample: Self.saga())
        #expect(health.sharedAdvertisements == [.init(endpoint: Self.client, brokers: [0, 1, 2])])
        #expect(health.sharedAdvertisements.first?.description
            == "brokers 0, 1, 2 all advertise kafka-client:9092: clients can't reach a chosen leader")
        var distinct = Self.saga()
        distinct.brokers = Self.brokers([0, 1, 2]) { Endpoint(host: "kafka-\($0)", port: 9092) }
        #expect(KafkaHealth(sample: distinct).sharedAdvertisements == [])
        distinct.brokers[1].advertised = distinct.brokers[0].advertised
        #expect(KafkaHealth(sample: distinct).sharedAdvertisements.first?.description
            == "brokers 0 and 1 both advertise kafka-0:9092: clients can't reach a chosen leader")
    }

    @Test func aControllerThatIsNotAListedBrokerIsInDoubt() {
        var sample = Self.saga()
        #expect(KafkaHealth(sample: sample).controllerProblem == nil)
        sample.controllerID = 7
        #expect(KafkaHealth(sample: sample).controllerProblem == "controller 7 is not among the listed brokers (0, 1, 2)")
        sample.controllerID = nil
        #expect(KafkaHealth(sample: sample).controllerProblem == "the cluster reports no controller: brokers cannot elect leaders; check ZooKeeper")
    }

    @Test func missingBrokersAgainstTheExpectedCount() {
        var sample = Self.saga()
        sample.brokers.removeLast()
        #expect(KafkaHealth(sample: sample, expectations: .init(brokerCount: 3)).missingBrokers == 1)
    }
}
