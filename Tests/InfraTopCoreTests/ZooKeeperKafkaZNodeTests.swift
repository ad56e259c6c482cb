import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopZooKeeper

/// Znode JSON in the shapes kafka.zk.ZkData writes (Kafka 3.6 in ZooKeeper mode).
@Suite struct ZooKeeperKafkaZNodeTests {
    static let ephemeralStat = ZNodeStat(
        createdZxid: 0x1_0000_0012, modifiedZxid: 0x1_0000_0012,
        createdMilliseconds: 1_764_061_200_123, modifiedMilliseconds: 1_764_061_200_123,
        version: 0, childVersion: 0, aclVersion: 0, ephemeralOwner: 0x0100_0011_5248_0001,
        dataLength: 262, childCount: 0, childrenModifiedZxid: 0x1_0000_0012
    )

    /// A broker registration (version 5) as Kafka 3.6 writes it, key order and all.
    static let kafka0Registration = #"{"features":{},"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://kafka-0.kafka-headless.e-commerce-saga.svc.cluster.local:9092"],"jmx_port":-1,"port":9092,"host":"kafka-0.kafka-headless.e-commerce-saga.svc.cluster.local","version":5,"timestamp":"1764061200000"}"#

    @Test func readsABrokerRegistration() throws {
        let broker = try KafkaBrokerRegistration(id: 0, json: Array(Self.kafka0Registration.utf8), stat: Self.ephemeralStat)
        #expect(broker == KafkaBrokerRegistration(
            id: 0,
            endpoints: ["PLAINTEXT://kafka-0.kafka-headless.e-commerce-saga.svc.cluster.local:9092"],
            host: "kafka-0.kafka-headless.e-commerce-saga.svc.cluster.local",
            port: 9092,
            rack: nil,
            registeredAt: Date(timeIntervalSince1970: 1_764_061_200),
            version: 5,
            sessionID: 0x0100_0011_5248_0001,
            createdAt: Date(timeIntervalSince1970: 1_764_061_200.123)
        ))
    }

    @Test func aBrokerWithoutPlaintextListenerHasNoHostOrPort() throws {
        let json = #"{"features":{"metadata.version":{"min_version":1,"max_version":14}},"listener_security_protocol_map":{"SSL":"SSL"},"endpoints":["SSL://kafka-1:9093"],"rack":"zone-b","jmx_port":9999,"port":-1,"host":null,"version":5,"timestamp":"1764061260000"}"#
        let broker = try KafkaBrokerRegistration(id: 1, json: Array(json.utf8), stat: Self.ephemeralStat)
        #expect(broker.host == nil)
        #expect(broker.port == nil)
        #expect(broker.rack == "zone-b")
        #expect(broker.endpoints == ["SSL://kafka-1:9093"])
        #expect(broker.registeredAt == Date(timeIntervalSince1970: 1_764_061_260))
    }

    @Test func aBrokerZnodeThatIsNotJSONIsATypedError() {
        #expect(throws: KafkaZNodeFormatError("does not hold a JSON object")) {
            try KafkaBrokerRegistration(id: 2, json: Array("kafka-2:9092".utf8), stat: Self.ephemeralStat)
        }
        #expect(throws: KafkaZNodeFormatError("has a \"port\" of the wrong type")) {
            try KafkaBrokerRegistration(id: 2, json: Array(#"{"port":"9092"}"#.utf8), stat: Self.ephemeralStat)
        }
    }

    @Test func readsTheController() throws {
        let json = #"{"version":2,"brokerid":0,"timestamp":"1764061201000","kraftControllerEpoch":-1}"#
        let controller = try KafkaControllerRegistration(json: Array(json.utf8), stat: Self.ephemeralStat)
        #expect(controller == KafkaControllerRegistration(
            brokerID: 0, electedAt: Date(timeIntervalSince1970: 1_764_061_201), sessionID: 0x0100_0011_5248_0001
        ))
    }

    @Test func aControllerWithoutBrokeridIsATypedError() {
        #expect(throws: KafkaZNodeFormatError("has no \"brokerid\"")) {
            try KafkaControllerRegistration(json: Array(#"{"version":2}"#.utf8), stat: Self.ephemeralStat)
        }
    }

    @Test func readsATopicAssignment() throws {
        let json = #"{"partitions":{"0":[0,1,2],"1":[1,2,0],"2":[2,0,1]},"topic_id":"q2Xk3n9TQ4ucVn7q6Vq1Yw","adding_replicas":{},"removing_replicas":{},"version":3}"#
        let topic = try KafkaTopicAssignment(name: "orders", json: Array(json.utf8))
        #expect(topic == KafkaTopicAssignment(name: "orders", topicID: "q2Xk3n9TQ4ucVn7q6Vq1Yw", partitions: [
            KafkaPartitionAssignment(partition: 0, replicas: [0, 1, 2]),
            KafkaPartitionAssignment(partition: 1, replicas: [1, 2, 0]),
            KafkaPartitionAssignment(partition: 2, replicas: [2, 0, 1]),
        ]))
        #expect(topic.isReassigning == false)
    }

    /// Partition 1 moves from broker 2 to broker 3: during the move Kafka lists the union as
    /// replicas, with 3 being added and 2 being removed.
    @Test func readsAReassignmentInProgress() throws {
        let json = #"{"partitions":{"0":[0,1,2],"1":[1,2,0,3]},"topic_id":"q2Xk3n9TQ4ucVn7q6Vq1Yw","adding_replicas":{"1":[3]},"removing_replicas":{"1":[2]},"version":3}"#
        let topic = try KafkaTopicAssignment(name: "payments", json: Array(json.utf8))
        #expect(topic.partitions == [
            KafkaPartitionAssignment(partition: 0, replicas: [0, 1, 2]),
            KafkaPartitionAssignment(partition: 1, replicas: [1, 2, 0, 3], addingReplicas: [3], removingReplicas: [2]),
        ])
        #expect(topic.isReassigning)
    }

    @Test func anOlderTopicZnodeWithoutReassignmentFieldsIsRead() throws {
        let topic = try KafkaTopicAssignment(name: "legacy", json: Array(#"{"version":1,"partitions":{"0":[2]}}"#.utf8))
        #expect(topic == KafkaTopicAssignment(name: "legacy", topicID: nil, partitions: [KafkaPartitionAssignment(partition: 0, replicas: [2])]))
    }

    @Test func aPartitionKeyThatIsNotANumberIsATypedError() {
        #expect(throws: KafkaZNodeFormatError("names a partition \"zero\", which is not a number")) {
            try KafkaTopicAssignment(name: "bad", json: Array(#"{"partitions":{"zero":[0]}}"#.utf8))
        }
    }

    /// The controller shrank the ISR to the leader alone: brokers 1 and 2 fell behind.
    @Test func readsAPartitionStateAndTheReplicasOutOfSync() throws {
        let json = #"{"controller_epoch":3,"leader":0,"version":1,"leader_epoch":7,"isr":[0]}"#
        let state = try KafkaPartitionState(json: Array(json.utf8))
        #expect(state == KafkaPartitionState(leader: 0, leaderEpoch: 7, isr: [0], controllerEpoch: 3))
        let partition = KafkaPartitionAssignment(partition: 0, replicas: [2, 0, 1], state: state)
        #expect(partition.outOfSyncReplicas == [2, 1])
        #expect(KafkaPartitionAssignment(partition: 0, replicas: [2, 0, 1]).outOfSyncReplicas == [])
    }

    @Test func anOfflinePartitionHasNoLeader() throws {
        let json = #"{"controller_epoch":3,"leader":-1,"version":1,"leader_epoch":8,"isr":[1],"leader_recovery_state":1}"#
        let state = try KafkaPartitionState(json: Array(json.utf8))
        #expect(state.leader == nil)
        #expect(state.isr == [1])
    }

    @Test func aPartitionStateWithoutIsrIsATypedError() {
        #expect(throws: KafkaZNodeFormatError("has no \"isr\"")) {
            try KafkaPartitionState(json: Array(#"{"leader":0}"#.utf8))
        }
    }

    @Test func registrationsListBrokersThatPartitionsNeedButThatAreNotRegistered() throws {
        let broker = try KafkaBrokerRegistration(id: 0, json: Array(Self.kafka0Registration.utf8), stat: Self.ephemeralStat)
        let registrations = KafkaRegistrations(
            brokers: [broker],
            controller: KafkaControllerRegistration(brokerID: 0, electedAt: nil, sessionID: 1),
            topics: [KafkaTopicAssignment(name: "orders", topicID: nil, partitions: [KafkaPartitionAssignment(partition: 0, replicas: [0, 1, 2])])]
        )
        #expect(registrations.registeredBrokerIDs == [0])
        #expect(registrations.isRegistered(broker: 0))
        #expect(!registrations.isRegistered(broker: 1))
        #expect(registrations.missingBrokerIDs == [1, 2])
        #expect(registrations.topicCount == 1)
    }

    @Test func theReaderNormalisesItsChroot() {
        #expect(KafkaRegistrationReader(chroot: "/").chroot == "")
        #expect(KafkaRegistrationReader(chroot: "kafka/").chroot == "/kafka")
        #expect(KafkaRegistrationReader(chroot: "/kafka").chroot == "/kafka")
    }
}
