import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKafka
@testable import InfraTopZooKeeper
@testable import InfraTopKubernetes

/// The store's histories: what they keep, that they keep only transitions, and that they stay bounded.
@Suite struct ClusterHistoryTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    static func pod(_ name: String, uid: String? = nil, ready: Bool, pending: Bool = false) -> Pod {
        Pod(
            metadata: ObjectMeta(name: name, namespace: "e-commerce-saga", uid: uid ?? "uid-\(name)"),
            spec: PodSpec(nodeName: pending ? "" : "worker-1", containers: [Container(name: "app")]),
            status: PodStatus(
                phase: pending ? "Pending" : "Running",
                conditions: [PodCondition(type: "Ready", status: ready ? "True" : "False")],
                containerStatuses: pending ? [] : [ContainerStatus(name: "app", ready: ready, state: ContainerState(running: .init()))]))
    }

    static func state(at time: Date, pods: [Pod], ready: Int = 1, deployments: [Deployment] = []) -> KubernetesState {
        KubernetesState(
            takenAt: time, context: "lab", namespace: "e-commerce-saga", pods: pods,
            statefulSets: [StatefulSet(metadata: ObjectMeta(name: "kafka"), spec: .init(replicas: 3),
                                       status: .init(replicas: 2, readyReplicas: ready, currentReplicas: 2))],
            deployments: deployments)
    }

    @Test func recordsReplicaCountsPerWorkloadAtEachPoll() {
        var store = Store(notConnectedReasons: [:])
        for second in 0..<3 {
            let time = Self.start.addingTimeInterval(Double(second * 2))
            store.record(Self.state(at: time, pods: [], ready: second == 2 ? 2 : 1), at: time)
        }
        let points = store.snapshot(at: Self.start, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
            .history.replicas(of: .init(.statefulSet, "kafka"))
        #expect(points.map(\.ready) == [1, 1, 2])
        #expect(points.map(\.desired) == [3, 3, 3])
        #expect(points.map(\.current) == [2, 2, 2])
        #expect(points.last?.at == Self.start.addingTimeInterval(4))
    }

    @Test func keepsOnlyTransitionsOfEachPod() throws {
        var history = ClusterHistory(capacity: 100)
        let readiness = [true, true, false, false, false, true]
        for (index, ready) in readiness.enumerated() {
            let time = Self.start.addingTimeInterval(Double(index * 2))
            history.record(Self.state(at: time, pods: [Self.pod("order-1", ready: ready)]), at: time)
        }
        let pod = try #require(history.pods["order-1"])
        #expect(pod.transitions.elements.map(\.observation.isReady) == [true, false, true])
        #expect(pod.transitions.elements.map(\.at) == [0, 4, 10].map { Self.start.addingTimeInterval($0) })
        #expect(pod.firstSeen == Self.start)
        #expect(pod.notReadySince == nil)
    }

    @Test func notReadySinceIsTheFirstPollThatSawThePodStopServing() throws {
        var history = ClusterHistory(capacity: 100)
        for (index, ready) in [true, false, false].enumerated() {
            let time = Self.start.addingTimeInterval(Double(index * 2))
            history.record(Self.state(at: time, pods: [Self.pod("kafka-1", ready: ready)]), at: time)
        }
        #expect(history.pods["kafka-1"]?.notReadySince == Self.start.addingTimeInterval(2))
    }

    @Test func aPodNeverSeenReadyHasNoNotReadySince() {
        var history = ClusterHistory(capacity: 100)
        history.record(Self.state(at: Self.start, pods: [Self.pod("kafka-1", ready: false, pending: true)]), at: Self.start)
        #expect(history.pods["kafka-1"]?.notReadySince == nil)
        #expect(history.pods["kafka-1"]?.current == .init(phase: "Pending", status: "Pending", isReady: false))
    }

    @Test func aNewPodUnderAnOldNameStartsItsStoryOver() {
        var history = ClusterHistory(capacity: 100)
        history.record(Self.state(at: Self.start, pods: [Self.pod("kafka-1", uid: "a", ready: true)]), at: Self.start)
        let later = Self.start.addingTimeInterval(2)
        history.record(Self.state(at: later, pods: [Self.pod("kafka-1", uid: "b", ready: false, pending: true)]), at: later)
        #expect(history.pods["kafka-1"]?.transitions.count == 1)
        #expect(history.pods["kafka-1"]?.firstSeen == later)
        #expect(history.pods["kafka-1"]?.notReadySince == nil)
    }

    @Test func everySeriesStaysWithinItsCapacity() {
        var history = ClusterHistory(capacity: 5, transitionsPerPod: 3)
        for index in 0..<50 {
            let time = Self.start.addingTimeInterval(Double(index))
            // A pod that flaps every poll would otherwise grow its transitions without end.
            history.record(Self.state(at: time, pods: [Self.pod("flappy", ready: index % 2 == 0)]), at: time)
        }
        #expect(history.replicas(of: .init(.statefulSet, "kafka")).count == 5)
        #expect(history.pods["flappy"]?.transitions.count == 3)
    }

    @Test func podsThatAreGoneAgeOutAfterOneWindow() {
        var history = ClusterHistory(capacity: 4)
        history.record(Self.state(at: Self.start, pods: [Self.pod("old", ready: true), Self.pod("kept", ready: true)]), at: Self.start)
        for index in 1...3 {
            let time = Self.start.addingTimeInterval(Double(index))
            history.record(Self.state(at: time, pods: [Self.pod("kept", ready: true)]), at: time)
        }
        #expect(history.pods["old"] != nil, "gone for 3 polls of a 4-poll window")
        history.record(Self.state(at: Self.start.addingTimeInterval(4), pods: [Self.pod("kept", ready: true)]), at: Self.start.addingTimeInterval(4))
        #expect(history.pods["old"] == nil)
        #expect(history.pods["kept"] != nil)
    }

    @Test func podChurnNeverHoldsMoreThanThePodLimit() {
        var history = ClusterHistory(capacity: 1000, podLimit: 10)
        for index in 0..<200 {
            let time = Self.start.addingTimeInterval(Double(index))
            history.record(Self.state(at: time, pods: [Self.pod("job-\(index)", ready: true)]), at: time)
        }
        #expect(history.pods.count == 10)
        #expect(history.pods["job-199"] != nil, "the newest pod is kept")
    }

    @Test func workloadsThatAreGoneAgeOutAndTheirNumberIsBounded() {
        var history = ClusterHistory(capacity: 3, workloadLimit: 4)
        for index in 0..<20 {
            let time = Self.start.addingTimeInterval(Double(index))
            let deployment = Deployment(metadata: ObjectMeta(name: "batch-\(index)"), spec: .init(replicas: 1))
            history.record(Self.state(at: time, pods: [], deployments: [deployment]), at: time)
            #expect(history.workloads.count <= 4)
        }
        #expect(history.workloads[.init(.deployment, "batch-19")] != nil)
        #expect(history.workloads[.init(.deployment, "batch-0")] == nil)
    }

    @Test func kafkaAndZooKeeperCountsAreKeptPerPoll() {
        var store = Store(notConnectedReasons: [:])
        store.historyCapacity = 2
        let client = Endpoint(host: "kafka-client", port: 9092)
        let sample = KafkaSample(
            takenAt: Self.start, metadataFrom: client, controllerID: 0,
            brokers: [KafkaSample.Broker(id: 0, advertised: client, address: client, isController: true)],
            topics: [KafkaSample.Topic(name: "orders", partitions: [
                KafkaSample.Partition(index: 0, leader: 0, replicas: [0, 1, 2], isr: [0]),
                KafkaSample.Partition(index: 1, leader: 0, replicas: [0], isr: [0]),
            ])])
        for index in 0..<3 { store.record(sample, at: Self.start.addingTimeInterval(Double(index))) }
        let zk = ZooKeeperSample(endpoint: Endpoint(host: "zookeeper", port: 2181), takenAt: Self.start, duration: 0,
                                 server: nil, monitor: nil, kafka: nil, isReadOnly: nil, notes: [])
        store.record(zk, at: Self.start)
        let history = store.snapshot(at: Self.start, context: "lab", namespace: "ns", refreshInterval: 2).history
        // orders-0 (RF 3, ISR 1) is under min ISR 2; orders-1 has RF 1, so it needs 1 in sync and has it (KIP-966).
        #expect(history.kafka.elements == [1, 2].map {
            ClusterHistory.KafkaPoint(at: Self.start.addingTimeInterval($0), liveBrokers: 1, underReplicated: 1, underMinISR: 1)
        })
        #expect(history.zookeeperBrokers.elements == [ClusterHistory.RegistrationPoint(at: Self.start, registeredBrokers: nil)])
    }
}
