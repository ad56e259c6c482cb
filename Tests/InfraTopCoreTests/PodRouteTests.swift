import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKubernetes

/// Which pod and port a tunnel goes to, decided from listed objects alone.
@Suite struct PodRouteTests {
    private func pod(_ name: String, statefulSet: String, labels: [String: String] = [:], ports: [ContainerPort] = [],
                     phase: String = "Running", ready: Bool = true, scheduling: String? = nil) -> Pod {
        var conditions = [PodCondition(type: "Ready", status: ready ? "True" : "False")]
        if let scheduling {
            conditions = [PodCondition(type: "PodScheduled", status: "False", reason: "Unschedulable", message: scheduling)]
        }
        return Pod(
            metadata: ObjectMeta(name: name, labels: labels,
                                 ownerReferences: [OwnerReference(kind: "StatefulSet", name: statefulSet, controller: true)]),
            spec: PodSpec(nodeName: scheduling == nil ? "node-1" : "", containers: [Container(name: statefulSet, ports: ports)]),
            status: PodStatus(phase: phase, conditions: conditions))
    }

    private var state: KubernetesState {
        KubernetesState(takenAt: Date(), context: "lab", namespace: "e-commerce-saga", pods: [
            pod("redis-0", statefulSet: "redis", labels: ["app": "redis"], ports: [ContainerPort(name: "redis", containerPort: 6379)]),
            pod("zookeeper-0", statefulSet: "zookeeper", labels: ["app": "zookeeper"], ports: [ContainerPort(name: "client", containerPort: 2181)]),
            pod("kafka-0", statefulSet: "kafka", labels: ["app": "kafka"], ports: [ContainerPort(name: "kafka", containerPort: 9092)]),
            pod("kafka-1", statefulSet: "kafka", labels: ["app": "kafka"], ports: [ContainerPort(name: "kafka", containerPort: 9092)],
                phase: "Pending", ready: false, scheduling: "0/3 nodes are available: 3 Insufficient memory."),
        ])
    }

    private let services = [
        Service(metadata: ObjectMeta(name: "redis"),
                spec: .init(selector: ["app": "redis"], ports: [.init(port: 6379, targetPort: .name("redis"))])),
        Service(metadata: ObjectMeta(name: "kafka-client"),
                spec: .init(selector: ["app": "kafka"], ports: [.init(port: 9092, targetPort: .number(9092))])),
    ]

    private func component(_ name: String) -> Component { Component.eCommerceSaga.first { $0.name == name }! }

    private func target(_ host: String, _ port: Int, component name: String?, services: [Service]? = nil) -> Result<PortForwardDialer.PodPort, PortForwardError> {
        PodRoute.target(for: Endpoint(host: host, port: port), in: state, services: services ?? self.services,
                        component: name.map(component))
    }

    @Test func aServiceNameGoesToAReadyPodAtItsNamedTargetPort() throws {
        #expect(try target("redis", 6379, component: "redis").get() == .init(pod: "redis-0", port: 6379))
        #expect(try target("redis.e-commerce-saga.svc.cluster.local", 6379, component: "redis").get() == .init(pod: "redis-0", port: 6379))
        #expect(try target("kafka-client", 9092, component: "kafka").get() == .init(pod: "kafka-0", port: 9092))
    }

    @Test func withoutServicesTheSourcesWorkloadStandsForTheName() throws {
        // A Role that cannot list Services: the ZooKeeper source's own StatefulSet answers.
        #expect(try target("zookeeper", 2181, component: "zookeeper", services: []).get() == .init(pod: "zookeeper-0", port: 2181))
    }

    @Test func aBrokersPodIsReachedByNameAtItsDeclaredPort() throws {
        #expect(try target("kafka-0", 9092, component: "kafka").get() == .init(pod: "kafka-0", port: 9092))
        // The mock's brokers advertise other ports; the pod declares only 9092.
        #expect(try target("kafka-0", 34_567, component: "kafka").get() == .init(pod: "kafka-0", port: 9092))
        #expect(try target("kafka-0.kafka-headless.e-commerce-saga.svc.cluster.local", 9092, component: "kafka").get()
                == .init(pod: "kafka-0", port: 9092))
    }

    @Test func aPendingPodIsASentenceWithTheSchedulersMessage() {
        guard case .failure(let error) = target("kafka-1", 9092, component: "kafka") else {
            Issue.record("a Pending pod cannot be tunnelled to")
            return
        }
        #expect(error.kind == .podNotRunning)
        #expect(error.message == "pod kafka-1 is Pending (0/3 nodes are available: 3 Insufficient memory.): nothing runs there to tunnel to")
    }

    @Test func anAbsentBrokerIsNeverAnsweredByAnotherReplica() {
        guard case .failure(let error) = target("kafka-2", 9092, component: "kafka") else {
            Issue.record("kafka-2 does not exist")
            return
        }
        #expect(error.message == "no pod or Service named kafka-2 in namespace e-commerce-saga")
    }

    @Test func anAddressCannotBeTunnelledTo() {
        guard case .failure(let error) = target("10.0.0.7", 6379, component: "redis") else {
            Issue.record("an IP address names no pod")
            return
        }
        #expect(error.message == "10.0.0.7 is an address, not a pod or Service name, so it can only be reached directly")
    }

    @Test func aWorkloadWithoutReadyPodsSaysWhatItsPodsAre() {
        var state = state
        state.pods = state.pods.filter { $0.metadata.name != "kafka-0" }
        let result = PodRoute.target(for: Endpoint(host: "kafka-client", port: 9092), in: state, services: services, component: component("kafka"))
        guard case .failure(let error) = result else {
            Issue.record("no broker is ready")
            return
        }
        #expect(error.message == "Service kafka-client has no Ready pod to tunnel to: kafka-1 Pending")
    }
}
