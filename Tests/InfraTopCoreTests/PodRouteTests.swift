import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKubernetes
import InfraTopFixtures

/// Which pod and port a tunnel goes to, decided from listed objects alone.
@Suite struct PodRouteTests {
    /// e-commerce-saga as the lab serves it: redis-0, zookeeper-0 and kafka-0 Ready, kafka-1 Pending, no kafka-2.
    let state: KubernetesState
    /// Its Services: `redis`, `kafka-client`, the headless ones, one per service.
    let services: [Service]

    init() throws {
        state = try Cluster.eCommerceSaga()
        services = try Cluster.eCommerceSagaServices()
    }

    private func component(_ name: String) -> Component { Component.eCommerceSaga.first { $0.name == name }! }

    private func target(_ host: String, _ port: Int, component name: String?, services: [Service]? = nil,
                        in state: KubernetesState? = nil) -> Result<PortForwardDialer.PodPort, PortForwardError> {
        PodRoute.target(for: Endpoint(host: host, port: port), in: state ?? self.state, services: services ?? self.services,
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

    @Test func aPendingPodIsASentenceWithTheSchedulersMessage() throws {
        // The lab's kafka-1, its scheduler's message without the preemption sentence the lab's has.
        var kafka1 = try #require(state.pod(named: "kafka-1"))
        let scheduled = try #require(kafka1.status.conditions.firstIndex { $0.type == "PodScheduled" })
        kafka1.status.conditions[scheduled].message = "0/3 nodes are available: 3 Insufficient memory."
        guard case .failure(let error) = target("kafka-1", 9092, component: "kafka", in: state.replacing(kafka1)) else {
            Issue.record("a Pending pod cannot be tunnelled to")
            return
        }
        #expect(error.kind == .podNotRunning)
        #expect(error.message == "pod kafka-1 is Pending (0/3 nodes are available: 3 Insufficient memory.): nothing runs there to tunnel to")
    }

    @Test func theLabsPendingBrokerGivesTheSchedulersWholeMessage() {
        guard case .failure(let error) = target("kafka-1", 9092, component: "kafka") else {
            Issue.record("a Pending pod cannot be tunnelled to")
            return
        }
        #expect(error.message == "pod kafka-1 is Pending (0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.): nothing runs there to tunnel to")
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
