import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKafka

@Suite("Kafka address map")
struct KafkaAddressMapTests {
    let advertised = Endpoint(host: "kafka-client", port: 9092)

    @Test func fillsThePodTemplateWithTheStatefulSetOrdinal() throws {
        let map = KafkaAddressMap(
            template: "{pod}.kafka-headless.{namespace}.svc.cluster.local:9092", statefulSet: "kafka", namespace: "e-commerce-saga")
        try map.validate()
        #expect(map.address(forBroker: 0, advertised: advertised) == Endpoint(host: "kafka-0.kafka-headless.e-commerce-saga.svc.cluster.local", port: 9092))
        #expect(map.address(forBroker: 2, advertised: advertised).host == "kafka-2.kafka-headless.e-commerce-saga.svc.cluster.local")
    }

    @Test func fillsIdAndStatefulSetAndKeepsTheAdvertisedPortWhenTheTemplateHasNone() {
        let map = KafkaAddressMap(template: "{statefulset}-broker-{id}", statefulSet: "events", namespace: "x")
        #expect(map.address(forBroker: 7, advertised: Endpoint(host: "a", port: 19092)) == Endpoint(host: "events-broker-7", port: 19092))
    }

    @Test func explicitEntriesWinOverTheTemplate() {
        let map = KafkaAddressMap(explicit: [1: Endpoint(host: "127.0.0.1", port: 29092)], template: "{pod}:9092")
        #expect(map.address(forBroker: 1, advertised: advertised) == Endpoint(host: "127.0.0.1", port: 29092))
        #expect(map.address(forBroker: 0, advertised: advertised) == Endpoint(host: "kafka-0", port: 9092))
    }

    @Test func withoutRulesTheAdvertisedAddressIsUsed() {
        #expect(KafkaAddressMap.advertised.address(forBroker: 3, advertised: advertised) == advertised)
    }

    @Test func rejectsUnknownPlaceholdersAndBadPorts() {
        #expect(throws: ConfigurationError.self) { try KafkaAddressMap(template: "{broker}.kafka:9092").validate() }
        #expect(throws: ConfigurationError.self) { try KafkaAddressMap(template: "{pod}:99999").validate() }
        // A broken template never breaks a poll: the advertised address is used.
        #expect(KafkaAddressMap(template: "{broker}:9092").address(forBroker: 0, advertised: advertised) == advertised)
    }

    @Test func firstBrokerIdShiftsIdsOntoOrdinals() throws {
        // Bitnami's minBrokerId 1 (or librdkafka's mock, numbering from 1): kafka-0 is broker 1.
        let map = KafkaAddressMap(template: "{pod}.kafka-headless.{namespace}:9092", statefulSet: "kafka", namespace: "shop", firstBrokerID: 1)
        try map.validate()
        #expect(map.podName(forBroker: 1) == "kafka-0")
        #expect(map.podName(forBroker: 3) == "kafka-2")
        #expect(map.address(forBroker: 1, advertised: advertised) == Endpoint(host: "kafka-0.kafka-headless.shop", port: 9092))
        #expect(map.address(forBroker: 3, advertised: advertised).host == "kafka-2.kafka-headless.shop")
        // {id} stays the broker id.
        #expect(KafkaAddressMap(template: "broker-{id}:9092", firstBrokerID: 100).address(forBroker: 101, advertised: advertised).host == "broker-101")
    }

    @Test func aBrokerBelowTheFirstIdHasNoPodAndKeepsItsAdvertisedAddress() {
        let map = KafkaAddressMap(template: "{pod}:9092", statefulSet: "kafka", firstBrokerID: 1)
        #expect(map.podName(forBroker: 0) == nil)
        #expect(map.podName(forBroker: Int32.min) == nil)
        #expect(map.address(forBroker: 0, advertised: advertised) == advertised)
    }

    @Test func byDefaultTheBrokerIdIsTheOrdinal() {
        #expect(KafkaAddressMap(statefulSet: "kafka").podName(forBroker: 0) == "kafka-0")
        #expect(KafkaAddressMap(statefulSet: "kafka").podName(forBroker: 2) == "kafka-2")
    }
}
