import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopKubernetes
import InfraTopFixtures

@Suite struct KubernetesMissingReplicasTests {
    static let now = RFC3339.date(from: "2026-11-25T10:00:00Z") ?? Date(timeIntervalSince1970: 0)

    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    /// e-commerce-saga as the lab serves it at `now`: kafka-0 Ready, kafka-1 Pending for 2d2h, no kafka-2.
    let saga: KubernetesState

    init() throws {
        saga = try Cluster.eCommerceSaga(now: Self.now)
    }

    /// The lab's kafka StatefulSet (3 replicas, OrderedReady), or with another policy or size.
    func kafka(policy: String = "OrderedReady", replicas: Int = 3) throws -> StatefulSet {
        var kafka = try #require(saga.statefulSet(named: "kafka"))
        kafka.spec.podManagementPolicy = policy
        kafka.spec.replicas = replicas
        return kafka
    }

    /// kafka-0 as it runs in e-commerce-saga: scheduled, Running and Ready.
    func kafka0() throws -> Pod {
        try #require(saga.pod(named: "kafka-0"))
    }

    /// The lab's kafka-1 as if created at 09:46, 14 minutes before `now`, with its scheduler's
    /// message without the preemption sentence the lab's has.
    func pendingKafka1() throws -> Pod {
        var pod = try #require(saga.pod(named: "kafka-1"))
        pod.metadata.creationTimestamp = RFC3339.date(from: "2026-11-25T09:46:00Z")
        let scheduled = try #require(pod.status.conditions.firstIndex { $0.type == "PodScheduled" })
        pod.status.conditions[scheduled].message = "0/3 nodes are available: 3 Insufficient memory."
        return pod
    }

    @Test func theLabsKafkaMissesTwoBrokersAndItsServicesCrashLoop() throws {
        let missing = try kafka().missingReplicas(pods: saga.pods, events: saga.events, now: Self.now)
        #expect(missing.map(\.description) == [
            "kafka-1 Pending 2d2h: 0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
            "kafka-2 not created: OrderedReady waits for kafka-1",
        ])
        let order = try #require(saga.deployment(named: "order-service"))
        let orderPod = try #require(saga.pods(ownedBy: "order-service").first)
        #expect(order.missingReplicas(pods: saga.pods, replicaSets: saga.replicaSets, events: saga.events, now: Self.now).map(\.description) == [
            "\(orderPod.metadata.name) CrashLoopBackOff: back-off 5m0s restarting failed container=order-service pod=\(orderPod.metadata.name)_e-commerce-saga(\(orderPod.metadata.uid))",
        ])
        let payment = try #require(saga.deployment(named: "payment-service"))
        #expect(payment.missingReplicas(pods: saga.pods, replicaSets: saga.replicaSets, events: saga.events, now: Self.now).isEmpty)
    }

    @Test func eCommerceSagaKafkaWithOneBrokerUnschedulable() throws {
        let failedScheduling = try decode(Event.self, #"""
        {"metadata": {"name": "kafka-1.17f3a0c2b1d4e5f6", "namespace": "e-commerce-saga"},
         "involvedObject": {"kind": "Pod", "namespace": "e-commerce-saga", "name": "kafka-1", "uid": "5e0d3b1c"},
         "reason": "FailedScheduling", "message": "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
         "source": {}, "firstTimestamp": null, "lastTimestamp": null, "type": "Warning",
         "eventTime": "2026-11-25T09:46:00.120000Z", "series": {"count": 4, "lastObservedTime": "2026-11-25T09:56:00.000000Z"},
         "action": "Scheduling", "reportingComponent": "default-scheduler", "reportingInstance": "default-scheduler-control-plane"}
        """#)
        let missing = try kafka().missingReplicas(pods: [try kafka0(), try pendingKafka1()], events: [failedScheduling], now: Self.now)
        #expect(missing.map(\.description) == [
            "kafka-1 Pending 14m: 0/3 nodes are available: 3 Insufficient memory.",
            "kafka-2 not created: OrderedReady waits for kafka-1",
        ])
        #expect(missing.first == MissingReplica(name: "kafka-1", state: "Pending", age: "14m", reason: "0/3 nodes are available: 3 Insufficient memory."))
    }

    @Test func everyLaterOrdinalWaitsForTheFirstThatIsNotReady() throws {
        let missing = try kafka().missingReplicas(pods: [], now: Self.now)
        #expect(missing.map(\.description) == [
            "kafka-0 not created",
            "kafka-1 not created: OrderedReady waits for kafka-0",
            "kafka-2 not created: OrderedReady waits for kafka-0",
        ])
    }

    @Test func crashLoopingBrokerGivesTheKubeletsMessage() throws {
        let crashing = try decode(Pod.self, podJSON(spec: oneContainer, status: #"{"phase": "Running", "conditions": \#(notReadyConditions), "containerStatuses": [\#(waitingStatus("kafka", reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container=kafka pod=kafka-1_e-commerce-saga(5e0d3b1c)", restarts: 17, lastFinished: "2026-11-25T09:57:10Z"))]}"#))
        let kafka2 = try decode(Pod.self, podJSON(name: "kafka-2", spec: oneContainer, status: #"{"phase": "Running", "conditions": \#(readyConditions), "containerStatuses": [\#(runningStatus("kafka"))]}"#))
        let missing = try kafka().missingReplicas(pods: [try kafka0(), crashing, kafka2], now: Self.now)
        #expect(missing.map(\.description) == [
            "kafka-1 CrashLoopBackOff: back-off 5m0s restarting failed container=kafka pod=kafka-1_e-commerce-saga(5e0d3b1c)",
        ])
    }

    @Test func runningButNotReadyIsExplainedByTheNewestWarning() throws {
        let unready = try decode(Pod.self, podJSON(spec: oneContainer, status: #"{"phase": "Running", "conditions": \#(notReadyConditions), "containerStatuses": [\#(runningStatus("kafka", ready: false))]}"#))
        func probe(_ message: String, at time: String) throws -> Event {
            try decode(Event.self, #"{"involvedObject": {"kind": "Pod", "namespace": "e-commerce-saga", "name": "kafka-1", "fieldPath": "spec.containers{kafka}"}, "reason": "Unhealthy", "message": "\#(message)", "type": "Warning", "count": 3, "firstTimestamp": "2026-11-25T09:40:00Z", "lastTimestamp": "\#(time)"}"#)
        }
        let events = [
            try probe("Readiness probe failed: dial tcp 10.244.1.8:9092: connect: connection refused", at: "2026-11-25T09:58:00Z"),
            try probe("Readiness probe failed: timeout", at: "2026-11-25T09:50:00Z"),
            try decode(Event.self, #"{"involvedObject": {"kind": "Pod", "name": "kafka-1"}, "reason": "Started", "message": "Started container kafka", "type": "Normal", "lastTimestamp": "2026-11-25T09:59:00Z"}"#),
        ]
        let missing = try kafka(replicas: 2).missingReplicas(pods: [try kafka0(), unready], events: events, now: Self.now)
        #expect(missing.map(\.description) == ["kafka-1 Running: Readiness probe failed: dial tcp 10.244.1.8:9092: connect: connection refused"])

        let withoutEvents = try kafka(replicas: 2).missingReplicas(pods: [try kafka0(), unready], now: Self.now)
        #expect(withoutEvents.map(\.description) == ["kafka-1 Running: containers with unready status: [kafka]"])
    }

    @Test func failingInitContainerExplainsInitStatus() throws {
        let pod = try decode(Pod.self, podJSON(spec: twoInit, status: #"{"phase": "Pending", "conditions": \#(initializingConditions), "initContainerStatuses": [\#(waitingStatus("wait-zk", reason: "CrashLoopBackOff", message: "back-off 2m40s restarting failed container=wait-zk", restarts: 5, lastFinished: "2026-11-25T09:58:00Z")), \#(waitingStatus("config", reason: "PodInitializing"))], "containerStatuses": [\#(waitingStatus("kafka", reason: "PodInitializing"))]}"#))
        let missing = try kafka(replicas: 2).missingReplicas(pods: [try kafka0(), pod], now: Self.now)
        #expect(missing.map(\.description) == ["kafka-1 Init:CrashLoopBackOff 60m: back-off 2m40s restarting failed container=wait-zk"])
    }

    @Test func parallelSetNamesTheControllersCreateFailure() throws {
        let failedCreate = try decode(Event.self, #"{"involvedObject": {"kind": "StatefulSet", "namespace": "e-commerce-saga", "name": "kafka"}, "reason": "FailedCreate", "message": "create Pod kafka-2 in StatefulSet kafka failed error: pods \"kafka-2\" is forbidden: exceeded quota: compute, requested: memory=6Gi, used: memory=12Gi, limited: memory=16Gi", "type": "Warning", "count": 9, "lastTimestamp": "2026-11-25T09:59:00Z", "source": {"component": "statefulset-controller"}}"#)
        let missing = try kafka(policy: "Parallel").missingReplicas(pods: [try kafka0(), try pendingKafka1()], events: [failedCreate], now: Self.now)
        #expect(missing.map(\.description) == [
            "kafka-1 Pending 14m: 0/3 nodes are available: 3 Insufficient memory.",
            #"kafka-2 not created: create Pod kafka-2 in StatefulSet kafka failed error: pods "kafka-2" is forbidden: exceeded quota: compute, requested: memory=6Gi, used: memory=12Gi, limited: memory=16Gi"#,
        ])
    }

    @Test func healthySetHasNothingMissingAndExtraPodsAreIgnored() throws {
        // kafka-0 to kafka-3 Running and Ready, one more than the set wants.
        let pods = try saga.withKafka(ready: 4, of: 4).pods(ownedBy: "kafka")
        #expect(pods.map(\.metadata.name) == ["kafka-0", "kafka-1", "kafka-2", "kafka-3"])
        var elsewhere = try pendingKafka1()
        elsewhere.metadata.namespace = "staging"
        #expect(try kafka().missingReplicas(pods: pods + [elsewhere], now: Self.now).isEmpty)
    }

    @Test func terminatingBrokerIsMissing() throws {
        let terminating = try decode(Pod.self, podJSON(deletion: "2026-11-25T09:59:30Z", spec: oneContainer, status: #"{"phase": "Running", "conditions": \#(readyConditions), "containerStatuses": [\#(runningStatus("kafka"))]}"#))
        let missing = try kafka(replicas: 2).missingReplicas(pods: [try kafka0(), terminating], now: Self.now)
        #expect(missing.map(\.description) == ["kafka-1 Terminating"])
    }

    // MARK: Deployments

    func orderService(replicas: Int, conditions: String = "[]") throws -> Deployment {
        try decode(Deployment.self, #"""
        {"metadata": {"name": "order-service", "namespace": "e-commerce-saga", "uid": "d-1"},
         "spec": {"replicas": \#(replicas), "selector": {"matchLabels": {"app": "order-service"}}},
         "status": {"replicas": 2, "readyReplicas": 1, "updatedReplicas": 2, "availableReplicas": 1, "unavailableReplicas": 2, "conditions": \#(conditions)}}
        """#)
    }

    func servicePod(_ name: String, app: String = "order-service", deletion: String? = nil, status: String) throws -> Pod {
        let json = podJSON(name: name, deletion: deletion, spec: #"{"containers": [{"name": "app", "image": "order-service:1.4"}], "nodeName": "node-a"}"#, status: status)
            .replacingOccurrences(of: #""labels": {"app": "kafka""#, with: #""labels": {"app": "\#(app)""#)
        return try decode(Pod.self, json)
    }

    @Test func deploymentListsUnreadyPodsAndReplicasWithoutPods() throws {
        let quota = #"[{"type": "ReplicaFailure", "status": "True", "lastUpdateTime": "2026-11-25T09:30:00Z", "lastTransitionTime": "2026-11-25T09:30:00Z", "reason": "FailedCreate", "message": "pods \"order-service-7d9f8b6c5d-q8k2m\" is forbidden: exceeded quota: compute"}]"#
        let pods = [
            try servicePod("order-service-7d9f8b6c5d-x2x9z", status: #"{"phase": "Running", "conditions": \#(readyConditions), "containerStatuses": [\#(runningStatus("app"))]}"#),
            try servicePod("order-service-7d9f8b6c5d-b7hvt", status: #"{"phase": "Pending", "conditions": \#(notReadyConditions), "containerStatuses": [\#(waitingStatus("app", reason: "ImagePullBackOff", message: "Back-off pulling image \\\"order-service:1.4\\\""))]}"#),
            try servicePod("order-service-5f6c7d8e9a-old01", deletion: "2026-11-25T09:59:00Z", status: #"{"phase": "Running"}"#),
            try servicePod("payment-service-6b5c4d3e2f-aaaaa", app: "payment-service", status: #"{"phase": "Pending"}"#),
        ]
        let missing = try orderService(replicas: 3, conditions: quota).missingReplicas(pods: pods, now: Self.now)
        #expect(missing.map(\.description) == [
            #"order-service-7d9f8b6c5d-b7hvt ImagePullBackOff 60m: Back-off pulling image "order-service:1.4""#,
            #"order-service 1 of 3 not created: pods "order-service-7d9f8b6c5d-q8k2m" is forbidden: exceeded quota: compute"#,
        ])
    }

    @Test func deploymentFallsBackToItsReplicaSetsFailedCreateEvent() throws {
        let replicaSet = try decode(ReplicaSet.self, #"{"metadata": {"name": "order-service-7d9f8b6c5d", "namespace": "e-commerce-saga", "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "order-service", "uid": "d-1", "controller": true}]}, "spec": {"replicas": 2}, "status": {"replicas": 0}}"#)
        let event = try decode(Event.self, #"{"involvedObject": {"kind": "ReplicaSet", "name": "order-service-7d9f8b6c5d"}, "reason": "FailedCreate", "message": "Error creating: pods \"order-service-7d9f8b6c5d-\" is forbidden: error looking up service account e-commerce-saga/order-service: serviceaccount \"order-service\" not found", "type": "Warning", "count": 14, "lastTimestamp": "2026-11-25T09:59:00Z"}"#)
        let missing = try orderService(replicas: 2).missingReplicas(pods: [], replicaSets: [replicaSet], events: [event], now: Self.now)
        #expect(missing.map(\.description) == [
            #"order-service 2 of 2 not created: Error creating: pods "order-service-7d9f8b6c5d-" is forbidden: error looking up service account e-commerce-saga/order-service: serviceaccount "order-service" not found"#,
        ])
    }

    @Test func healthyDeploymentHasNothingMissing() throws {
        let pods = try ["order-service-7d9f8b6c5d-x2x9z", "order-service-7d9f8b6c5d-b7hvt"].map {
            try servicePod($0, status: #"{"phase": "Running", "conditions": \#(readyConditions), "containerStatuses": [\#(runningStatus("app"))]}"#)
        }
        #expect(try orderService(replicas: 2).missingReplicas(pods: pods, now: Self.now).isEmpty)
    }
}
