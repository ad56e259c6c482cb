import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopKubernetes
import InfraTopFixtures

/// Quantities as the API writes them, what a pod requests, and each node's room beside a
/// broker the scheduler cannot place.
@Suite struct NodeRoomTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test(arguments: [
        ("3Gi", 3_221_225_472.0), ("512Mi", 536_870_912), ("4674004Ki", 4_786_180_096), ("500m", 0.5), ("3400m", 3.4),
        ("4", 4), ("1.5G", 1.5e9), ("1e3", 1000), ("100k", 100_000), ("74748089549", 74_748_089_549),
    ])
    func quantitiesAreReadInBaseUnits(text: String, value: Double) {
        #expect(Quantity.value(text) == value)
    }

    @Test(arguments: ["", "abc", "-1Gi", "1Zi", "Gi", "1..5Mi", "1e400", String(repeating: "9", count: 80)])
    func whatIsNotAQuantityIsNil(text: String) {
        #expect(Quantity.value(text) == nil)
    }

    @Test func bytesAndCoresAreWrittenAsTheAPIWould() {
        #expect(Quantity.bytesText(3_221_225_472) == "3Gi")
        #expect(Quantity.bytesText(2_595_225_600) == "2.4Gi")
        #expect(Quantity.bytesText(228_589_568) == "218Mi")
        #expect(Quantity.bytesText(-402_653_184) == "-384Mi")
        #expect(Quantity.coresText(0.5) == "500m")
        #expect(Quantity.coresText(3) == "3")
    }

    @Test func aPodRequestsItsContainersSumOrItsLargestInitContainer() {
        func container(_ name: String, memory: String?, cpu: String? = nil, restartPolicy: String? = nil) -> Container {
            var container = Container(name: name)
            var requests: [String: String] = [:]
            if let memory { requests["memory"] = memory }
            if let cpu { requests["cpu"] = cpu }
            container.resources = ResourceRequirements(limits: [:], requests: requests)
            container.restartPolicy = restartPolicy
            return container
        }
        var pod = Pod(metadata: ObjectMeta(name: "kafka-1"), spec: PodSpec(containers: [container("kafka", memory: "3Gi", cpu: "500m"), container("exporter", memory: "64Mi")]))
        #expect(PodRequests(pod) == PodRequests(memory: 3_288_334_336, cpu: 0.5))
        #expect(PodRequests(pod).text == "3.1Gi memory and 500m CPU")
        pod.spec.initContainers = [container("migrate", memory: "4Gi")]
        #expect(PodRequests(pod).memory == 4_294_967_296)
        // A sidecar (an init container that keeps running) adds to the containers instead.
        pod.spec.initContainers = [container("proxy", memory: "1Gi", restartPolicy: "Always")]
        #expect(PodRequests(pod).memory == Double(3_288_334_336 + 1_073_741_824))
        #expect(PodRequests(Pod(metadata: ObjectMeta(name: "bare"))).text == nil)
    }

    @Test func anUnschedulableBrokerShowsWhatItRequestsAndEachNodesRoom() throws {
        var state = try Cluster.eCommerceSaga(now: Self.now)
        state.nodeRooms = .read([
            NodeRoom(node: "saga-worker-1", allocatableMemory: 4_786_180_096, requestedMemory: 2_190_950_400, allocatableCPU: 3.4, requestedCPU: 1.2),
            NodeRoom(node: "saga-worker-2", allocatableMemory: 4_786_180_096, requestedMemory: 4_557_586_432, allocatableCPU: 3.4, requestedCPU: 3.5),
        ], everyNamespace: true, readAt: Self.now.addingTimeInterval(-12))
        let brokers = try #require(Assessment(snapshot: KafkaBrokersRuleTests.snapshot(state), diagnosis: Diagnosis()).findings.first)
        #expect(brokers.rule == "kafka-brokers-missing")
        let lines = brokers.evidence.drop { !$0.hasPrefix("kafka-1 requests") }.prefix(4)
        #expect(Array(lines) == [
            "kafka-1 requests 3Gi memory and 500m CPU",
            "node saga-worker-1: 2.4Gi of 4.5Gi allocatable memory free, 2200m of 3400m CPU",
            "node saga-worker-2: 218Mi of 4.5Gi allocatable memory free, -100m of 3400m CPU",
            "nodes read 12s ago",
        ])
    }

    @Test func nodesTheRoleCannotReadAreSaidToBeSo() {
        let gap = ResourceGap(resource: "nodes", group: "", reason: .forbidden)
        #expect(KafkaBrokersRule.room(on: .forbidden(gap), at: Self.now) == [
            "the Role cannot list nodes, so their free memory is not shown; a ClusterRole rule {apiGroups: [\"\"], resources: [nodes], verbs: [list]} shows it",
        ])
        #expect(KafkaBrokersRule.room(on: .read([], everyNamespace: false, readAt: Self.now), at: Self.now)
            == ["nodes read 0s ago", "counting this namespace's pods only (the Role cannot list pods in other namespaces), so nodes have less free than shown"])
        #expect(KafkaBrokersRule.room(on: nil, at: Self.now) == [])
    }
}
