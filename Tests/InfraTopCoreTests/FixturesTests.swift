import Foundation
import Testing
import InfraTopFixtures
@testable import InfraTopKubernetes

/// The fixture holds the scenario's headline facts (lab/README.md): when lab/scenario.json
/// changes them, this fails first, before the tests built on the fixture fail one by one.
@Suite struct FixturesTests {
    static let now = Cluster.labStart

    @Test func theFixtureReadsTheLabsScenario() {
        #expect(Cluster.scenarioPath.hasSuffix("/lab/scenario.json"))
        #expect(FileManager.default.fileExists(atPath: Cluster.scenarioPath))
    }

    @Test func kafkaHasOneBrokerOfThree() throws {
        let state = try Cluster.eCommerceSaga(now: Self.now)
        #expect(state.namespace == "e-commerce-saga")
        let kafka = try #require(state.statefulSet(named: "kafka"))
        #expect(kafka.desiredReplicas == 3)
        #expect(kafka.isOrderedReady)
        #expect(kafka.status.readyReplicas == 1)
        #expect(state.pods(ownedBy: "kafka").map(\.metadata.name) == ["kafka-0", "kafka-1"])

        let kafka0 = try #require(state.pod(named: "kafka-0"))
        #expect(kafka0.isRunningAndReady)
        #expect(kafka0.spec.containers.flatMap(\.ports) == [ContainerPort(name: "kafka", containerPort: 9092)])

        // kafka-1 Pending: no node has the memory it asks for.
        let kafka1 = try #require(state.pod(named: "kafka-1"))
        #expect(kafka1.status.phase == "Pending")
        #expect(kafka1.spec.nodeName.isEmpty)
        let scheduled = try #require(kafka1.status.condition("PodScheduled"))
        #expect(scheduled.status == "False")
        #expect(scheduled.reason == "Unschedulable")
        #expect(scheduled.message.hasPrefix("0/3 nodes are available: 3 Insufficient memory."))
        #expect(kafka1.metadata.controller == OwnerReference(apiVersion: "apps/v1", kind: "StatefulSet", name: "kafka",
                                                             uid: kafka.metadata.uid, controller: true))
        let failedScheduling = try #require(state.events.first { $0.involvedObject.name == "kafka-1" && $0.reason == "FailedScheduling" })
        #expect(failedScheduling.isWarning)
        #expect(failedScheduling.message == scheduled.message)
        #expect(failedScheduling.source.component == "default-scheduler")

        // kafka-2 never created: OrderedReady waits for kafka-1.
        #expect(state.pod(named: "kafka-2") == nil)
    }

    @Test func threeServicesCrashLoopAndEverythingElseRuns() throws {
        let state = try Cluster.eCommerceSaga(now: Self.now)
        let crashing = state.pods.filter { state.crashLoop(of: $0) != nil }
        #expect(crashing.compactMap(\.metadata.controller?.name).map { String($0.prefix { $0 != "-" }) }
                == ["inventory", "notification", "order"])
        for pod in crashing {
            let status = try #require(pod.status.containerStatuses.first)
            #expect(pod.status.phase == "Running")
            #expect(!pod.isRunningAndReady)
            #expect(status.state.waiting?.reason == "CrashLoopBackOff")
            #expect(status.state.waiting?.message.hasPrefix("back-off 5m0s restarting failed container=\(status.name) pod=\(pod.metadata.name)_e-commerce-saga(") == true)
            #expect(status.restartCount >= 17)
            #expect(status.lastState.terminated?.exitCode == 1)
            #expect(status.lastState.terminated?.reason == "Error")
        }
        let order = try #require(crashing.first { $0.metadata.name.hasPrefix("order-service-") })
        #expect(order.status.containerStatuses.first?.restartCount == 17)
        #expect(order.status.containerStatuses.first?.lastState.terminated?.finishedAt == Self.now.addingTimeInterval(-95))

        let others = state.pods.filter { crashing.contains($0) == false && $0.metadata.name != "kafka-1" }
        #expect(others.count == 11)
        #expect(others.allSatisfy { $0.isRunningAndReady }, "\(others.filter { !$0.isRunningAndReady }.map(\.metadata.name))")
        #expect(Set(state.deployments.map(\.metadata.name)) == ["order-service", "inventory-service", "notification-service",
                                                                 "payment-service", "shipping-service", "saga-coordinator"])
        #expect(Set(state.statefulSets.map(\.metadata.name)) == ["mongodb", "zookeeper", "kafka", "redis"])
    }

    @Test func podsWalkUpToTheirDeployment() throws {
        let state = try Cluster.eCommerceSaga(now: Self.now)
        let pod = try #require(state.pods(ownedBy: "order-service").first)
        let replicaSet = try #require(state.replicaSet(ownedBy: "order-service"))
        #expect(pod.metadata.controller?.kind == "ReplicaSet")
        #expect(pod.metadata.controller?.name == replicaSet.metadata.name)
        #expect(pod.metadata.controller?.uid == replicaSet.metadata.uid)
        #expect(pod.metadata.name.hasPrefix(replicaSet.metadata.name + "-"))
        #expect(pod.metadata.labels["pod-template-hash"] == replicaSet.metadata.name.split(separator: "-").last.map(String.init))
        #expect(replicaSet.metadata.controller?.uid == state.deployment(named: "order-service")?.metadata.uid)
        #expect(PodRow.owner(of: pod, replicaSets: state.replicaSets) == "Deployment/order-service")
        // Pods are created relative to `now`: order-service's 66 minutes before it.
        #expect(pod.metadata.creationTimestamp == Self.now.addingTimeInterval(-3980))
    }

    @Test func servicesResolveAsInTheCluster() throws {
        let services = try Cluster.eCommerceSagaServices()
        let kafkaClient = try #require(services.first { $0.metadata.name == "kafka-client" })
        #expect(kafkaClient.spec.selector == ["app": "kafka"])
        #expect(kafkaClient.spec.ports.map(\.port) == [9092])
        let redis = try #require(services.first { $0.metadata.name == "redis" })
        #expect(redis.spec.ports.first?.targetPort == .name("redis"))
        #expect(services.count == 14)
    }

    // MARK: Builders

    @Test func kafka1RunningLeavesKafka2Pending() throws {
        let state = try Cluster.eCommerceSaga(now: Self.now).withKafka1Running()
        #expect(state.statefulSet(named: "kafka")?.status.readyReplicas == 2)
        #expect(state.pod(named: "kafka-1")?.isRunningAndReady == true)
        #expect(state.pod(named: "kafka-1")?.spec.nodeName == "saga-worker-2")
        let kafka2 = try #require(state.pod(named: "kafka-2"))
        #expect(kafka2.status.phase == "Pending")
        #expect(kafka2.status.condition("PodScheduled")?.message.hasPrefix("0/3 nodes are available: 3 Insufficient memory.") == true)
        #expect(kafka2.metadata.creationTimestamp == Self.now)
        #expect(state.events.contains { $0.involvedObject.name == "kafka-1" && $0.reason == "Scheduled" })
        #expect(try Cluster.eCommerceSaga(now: Self.now).withKafka(ready: 2, of: 3) == state)
    }

    @Test func kafkaReadyOfReplicas() throws {
        let saga = try Cluster.eCommerceSaga(now: Self.now)
        #expect(try saga.withKafka(ready: 1, of: 3) == saga)

        let all = try saga.withKafka(ready: 3, of: 3)
        #expect(all.statefulSet(named: "kafka")?.status.readyReplicas == 3)
        #expect(all.pods(ownedBy: "kafka").map(\.metadata.name) == ["kafka-0", "kafka-1", "kafka-2"])
        #expect(all.pods(ownedBy: "kafka").allSatisfy { $0.isRunningAndReady })

        let none = try saga.withKafka(ready: 0, of: 3)
        #expect(none.pods(ownedBy: "kafka").map(\.metadata.name) == ["kafka-0"])
        #expect(none.pod(named: "kafka-0")?.status.phase == "Pending")
        #expect(none.statefulSet(named: "kafka")?.status.readyReplicas == 0)

        let two = try saga.withKafka(ready: 1, of: 2)
        #expect(two.statefulSet(named: "kafka")?.desiredReplicas == 2)
        #expect(two.pods(ownedBy: "kafka") == saga.pods(ownedBy: "kafka"))

        #expect(throws: FixtureError.self) { try saga.withKafka(ready: 4, of: 3) }
    }

    @Test func crashLoopsEndAsTheTestSays() throws {
        let saga = try Cluster.eCommerceSaga(now: Self.now)
        // A running service fails now.
        let oom = try saga.withCrashLoop(service: "payment-service", reason: "OOMKilled", exitCode: 137)
        let payment = oom.pods(ownedBy: "payment-service")
        #expect(payment.count == 3)
        for pod in payment {
            let status = try #require(pod.status.containerStatuses.first)
            #expect(status.state.waiting?.reason == "CrashLoopBackOff")
            #expect(status.lastState.terminated?.reason == "OOMKilled")
            #expect(status.lastState.terminated?.exitCode == 137)
            #expect(status.lastState.terminated?.finishedAt == Self.now)
            #expect(status.restartCount == 1)
        }
        #expect(oom.deployment(named: "payment-service")?.status.readyReplicas == 0)
        // One that crash-loops already keeps its restarts and times.
        let order = try #require(saga.withCrashLoop(service: "order-service", reason: "Error", exitCode: 3).pods(ownedBy: "order-service").first)
        let before = try #require(saga.pods(ownedBy: "order-service").first)
        #expect(order.status.containerStatuses.first?.restartCount == 17)
        #expect(order.status.containerStatuses.first?.lastState.terminated?.exitCode == 3)
        #expect(order.status.containerStatuses.first?.lastState.terminated?.finishedAt
                == before.status.containerStatuses.first?.lastState.terminated?.finishedAt)
        #expect(throws: FixtureError.self) { try saga.withCrashLoop(service: "catalog-service") }
    }

    @Test func fixedCrashLoopsRunWithTheirRestartsCounted() throws {
        let state = try Cluster.eCommerceSaga(now: Self.now).withCrashLoopsFixed()
        #expect(state.pods.allSatisfy { state.crashLoop(of: $0) == nil })
        let order = try #require(state.pods(ownedBy: "order-service").first)
        #expect(order.isRunningAndReady)
        #expect(order.status.containerStatuses.first?.restartCount == 18)
        #expect(state.deployment(named: "order-service")?.condition("Available")?.status == "True")
        let one = try Cluster.eCommerceSaga(now: Self.now).withRunning(service: "order-service")
        #expect(one.pods(ownedBy: "order-service").allSatisfy { $0.isRunningAndReady })
        #expect(one.pods.filter { one.crashLoop(of: $0) != nil }.count == 2)
    }
}
