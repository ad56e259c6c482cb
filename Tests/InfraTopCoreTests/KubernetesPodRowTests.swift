import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopKubernetes
import InfraTopFixtures

/// One pod as the API server returns it, and the READY, STATUS and RESTARTS kubectl prints for it
/// at 2026-11-25T10:00:00Z.
struct PrintedPod: Sendable, CustomTestStringConvertible {
    var branch: String
    var json: String
    var ready: String
    var status: String
    var restarts: String
    var testDescription: String { branch }
}

/// A pod in e-commerce-saga created at 09:00 with the given spec and status objects (JSON text).
func podJSON(name: String = "kafka-1", deletion: String? = nil, spec: String, status: String) -> String {
    """
    {
      "kind": "Pod",
      "apiVersion": "v1",
      "metadata": {
        "name": "\(name)",
        "generateName": "kafka-",
        "namespace": "e-commerce-saga",
        "uid": "5e0d3b1c-8f0e-4f7a-9a53-0c6f2f4e1a11",
        "resourceVersion": "48213",
        "creationTimestamp": "2026-11-25T09:00:00Z",
        \(deletion.map { "\"deletionTimestamp\": \"\($0)\", \"deletionGracePeriodSeconds\": 30," } ?? "")
        "labels": {"app": "kafka", "statefulset.kubernetes.io/pod-name": "\(name)"},
        "ownerReferences": [{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "kafka",
          "uid": "0b7a7a3e-3c0f-4d2e-8f62-7a1f1d2c9b10", "controller": true, "blockOwnerDeletion": true}]
      },
      "spec": \(spec),
      "status": \(status)
    }
    """
}

let oneContainer = #"{"containers": [{"name": "kafka", "image": "confluentinc/cp-kafka:7.6.0", "resources": {}, "imagePullPolicy": "IfNotPresent"}], "restartPolicy": "Always", "nodeName": "node-a"}"#
let twoContainers = #"{"containers": [{"name": "app", "image": "order-service:1.4"}, {"name": "migrate", "image": "order-service:1.4"}], "nodeName": "node-a"}"#
let twoInit = #"{"initContainers": [{"name": "wait-zk", "image": "busybox"}, {"name": "config", "image": "busybox"}], "containers": [{"name": "kafka", "image": "confluentinc/cp-kafka:7.6.0"}], "nodeName": "node-a"}"#
let sidecarSpec = #"{"initContainers": [{"name": "log-shipper", "image": "fluent-bit:3", "restartPolicy": "Always"}], "containers": [{"name": "kafka", "image": "confluentinc/cp-kafka:7.6.0"}], "nodeName": "node-a"}"#

let readyConditions = #"[{"type": "PodReadyToStartContainers", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2026-11-25T09:00:05Z"}, {"type": "Initialized", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2026-11-25T09:00:03Z"}, {"type": "Ready", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2026-11-25T09:01:00Z"}, {"type": "ContainersReady", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2026-11-25T09:01:00Z"}, {"type": "PodScheduled", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2026-11-25T09:00:00Z"}]"#
let notReadyConditions = #"[{"type": "Initialized", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2026-11-25T09:00:03Z"}, {"type": "Ready", "status": "False", "reason": "ContainersNotReady", "message": "containers with unready status: [kafka]", "lastProbeTime": null, "lastTransitionTime": "2026-11-25T09:01:00Z"}, {"type": "PodScheduled", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2026-11-25T09:00:00Z"}]"#
let initializingConditions = #"[{"type": "Initialized", "status": "False", "reason": "ContainersNotInitialized", "message": "containers with incomplete status: [wait-zk config]", "lastProbeTime": null, "lastTransitionTime": "2026-11-25T09:00:00Z"}, {"type": "PodScheduled", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2026-11-25T09:00:00Z"}]"#

func runningStatus(_ name: String, ready: Bool = true, restarts: Int = 0, lastFinished: String? = nil) -> String {
    let lastState = lastFinished.map {
        #"{"terminated": {"exitCode": 1, "reason": "Error", "startedAt": "2026-11-25T09:30:00Z", "finishedAt": "\#($0)", "containerID": "containerd://aa"}}"#
    } ?? "{}"
    return #"{"name": "\#(name)", "state": {"running": {"startedAt": "2026-11-25T09:00:10Z"}}, "lastState": \#(lastState), "ready": \#(ready), "restartCount": \#(restarts), "image": "docker.io/library/x:1", "imageID": "docker.io/library/x@sha256:1", "containerID": "containerd://bb", "started": true}"#
}

func waitingStatus(_ name: String, reason: String, message: String = "", restarts: Int = 0, lastFinished: String? = nil) -> String {
    let lastState = lastFinished.map {
        #"{"terminated": {"exitCode": 1, "reason": "Error", "startedAt": "2026-11-25T09:30:00Z", "finishedAt": "\#($0)", "containerID": "containerd://aa"}}"#
    } ?? "{}"
    let messageField = message.isEmpty ? "" : #", "message": "\#(message)""#
    return #"{"name": "\#(name)", "state": {"waiting": {"reason": "\#(reason)"\#(messageField)}}, "lastState": \#(lastState), "ready": false, "restartCount": \#(restarts), "image": "docker.io/library/x:1", "imageID": "", "started": false}"#
}

func terminatedStatus(_ name: String, exitCode: Int, reason: String? = nil, signal: Int? = nil) -> String {
    var fields = [#""exitCode": \#(exitCode)"#]
    if let signal { fields.append(#""signal": \#(signal)"#) }
    if let reason { fields.append(#""reason": "\#(reason)""#) }
    fields.append(#""startedAt": "2026-11-25T09:00:10Z", "finishedAt": "2026-11-25T09:05:00Z", "containerID": "containerd://cc""#)
    return #"{"name": "\#(name)", "state": {"terminated": {\#(fields.joined(separator: ", "))}}, "lastState": {}, "ready": false, "restartCount": 0, "image": "busybox", "imageID": "busybox@sha256:2", "started": false}"#
}

@Suite struct KubernetesPodRowTests {
    static let now = RFC3339.date(from: "2026-11-25T10:00:00Z") ?? Date(timeIntervalSince1970: 0)

    static let cases: [PrintedPod] = [
        PrintedPod(
            branch: "running and ready",
            json: podJSON(spec: oneContainer, status: #"{"phase": "Running", "conditions": \#(readyConditions), "hostIP": "10.0.0.4", "podIP": "10.244.1.7", "podIPs": [{"ip": "10.244.1.7"}], "startTime": "2026-11-25T09:00:00Z", "containerStatuses": [\#(runningStatus("kafka"))], "qosClass": "Burstable"}"#),
            ready: "1/1", status: "Running", restarts: "0"),
        PrintedPod(
            branch: "pending, unschedulable: the phase",
            json: podJSON(spec: #"{"containers": [{"name": "kafka", "image": "confluentinc/cp-kafka:7.6.0"}]}"#, status: #"{"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "lastProbeTime": null, "lastTransitionTime": "2026-11-25T09:00:00Z", "reason": "Unschedulable", "message": "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."}], "qosClass": "Burstable"}"#),
            ready: "0/1", status: "Pending", restarts: "0"),
        PrintedPod(
            branch: "status.reason replaces the phase",
            json: podJSON(spec: oneContainer, status: #"{"phase": "Failed", "reason": "Evicted", "message": "The node was low on resource: memory. ", "startTime": "2026-11-25T09:00:00Z"}"#),
            ready: "0/1", status: "Evicted", restarts: "0"),
        PrintedPod(
            branch: "scheduling gate",
            json: podJSON(spec: #"{"containers": [{"name": "kafka", "image": "k"}], "schedulingGates": [{"name": "example.com/quota"}]}"#, status: #"{"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "lastProbeTime": null, "lastTransitionTime": null, "reason": "SchedulingGated", "message": "Scheduling is blocked due to non-empty scheduling gates"}]}"#),
            ready: "0/1", status: "SchedulingGated", restarts: "0"),
        PrintedPod(
            branch: "container waiting: its reason, restarts with the last restart's age",
            json: podJSON(spec: oneContainer, status: #"{"phase": "Running", "conditions": \#(notReadyConditions), "containerStatuses": [\#(waitingStatus("kafka", reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container=kafka pod=kafka-1_e-commerce-saga(5e0d3b1c)", restarts: 17, lastFinished: "2026-11-25T09:57:10Z"))]}"#),
            ready: "0/1", status: "CrashLoopBackOff", restarts: "17 (2m50s ago)"),
        PrintedPod(
            branch: "container creating",
            json: podJSON(spec: oneContainer, status: #"{"phase": "Pending", "conditions": \#(notReadyConditions), "containerStatuses": [\#(waitingStatus("kafka", reason: "ContainerCreating"))]}"#),
            ready: "0/1", status: "ContainerCreating", restarts: "0"),
        PrintedPod(
            branch: "restarts without a finish time print the count alone",
            json: podJSON(spec: oneContainer, status: #"{"phase": "Running", "conditions": \#(readyConditions), "containerStatuses": [\#(runningStatus("kafka", restarts: 4))]}"#),
            ready: "1/1", status: "Running", restarts: "4"),
        PrintedPod(
            branch: "the first container's reason wins (statuses are read last to first)",
            json: podJSON(spec: twoContainers, status: #"{"phase": "Pending", "containerStatuses": [\#(waitingStatus("app", reason: "ImagePullBackOff")), \#(waitingStatus("migrate", reason: "CrashLoopBackOff"))]}"#),
            ready: "0/2", status: "ImagePullBackOff", restarts: "0"),
        PrintedPod(
            branch: "terminated with a reason",
            json: podJSON(spec: oneContainer, status: #"{"phase": "Running", "containerStatuses": [\#(terminatedStatus("kafka", exitCode: 137, reason: "OOMKilled"))]}"#),
            ready: "0/1", status: "OOMKilled", restarts: "0"),
        PrintedPod(
            branch: "terminated without a reason, by a signal",
            json: podJSON(spec: oneContainer, status: #"{"phase": "Running", "containerStatuses": [\#(terminatedStatus("kafka", exitCode: 143, signal: 15))]}"#),
            ready: "0/1", status: "Signal:15", restarts: "0"),
        PrintedPod(
            branch: "terminated without a reason or signal",
            json: podJSON(spec: oneContainer, status: #"{"phase": "Running", "containerStatuses": [\#(terminatedStatus("kafka", exitCode: 137))]}"#),
            ready: "0/1", status: "ExitCode:137", restarts: "0"),
        PrintedPod(
            branch: "completed job pod",
            json: podJSON(spec: oneContainer, status: #"{"phase": "Succeeded", "containerStatuses": [\#(terminatedStatus("kafka", exitCode: 0, reason: "Completed"))]}"#),
            ready: "0/1", status: "Completed", restarts: "0"),
        PrintedPod(
            branch: "Completed with a container still running and the pod Ready: Running",
            json: podJSON(spec: twoContainers, status: #"{"phase": "Running", "conditions": \#(readyConditions), "containerStatuses": [\#(runningStatus("app")), \#(terminatedStatus("migrate", exitCode: 0, reason: "Completed"))]}"#),
            ready: "1/2", status: "Running", restarts: "0"),
        PrintedPod(
            branch: "Completed with a container still running and the pod not Ready: NotReady",
            json: podJSON(spec: twoContainers, status: #"{"phase": "Running", "conditions": \#(notReadyConditions), "containerStatuses": [\#(runningStatus("app")), \#(terminatedStatus("migrate", exitCode: 0, reason: "Completed"))]}"#),
            ready: "1/2", status: "NotReady", restarts: "0"),
        PrintedPod(
            branch: "Completed beside a failed container: the failure (v1.35)",
            json: podJSON(spec: twoContainers, status: #"{"phase": "Failed", "conditions": \#(notReadyConditions), "containerStatuses": [\#(terminatedStatus("app", exitCode: 0, reason: "Completed")), \#(terminatedStatus("migrate", exitCode: 1, reason: "Error"))]}"#),
            ready: "0/2", status: "Error", restarts: "0"),
        PrintedPod(
            branch: "Completed beside a running container and a failed one, pod not Ready: the failure",
            json: podJSON(spec: #"{"containers": [{"name": "app", "image": "a"}, {"name": "proxy", "image": "p"}, {"name": "migrate", "image": "m"}]}"#, status: #"{"phase": "Running", "conditions": \#(notReadyConditions), "containerStatuses": [\#(terminatedStatus("app", exitCode: 0, reason: "Completed")), \#(runningStatus("proxy")), \#(terminatedStatus("migrate", exitCode: 137, signal: 9))]}"#),
            ready: "1/3", status: "Signal:9", restarts: "0"),
        PrintedPod(
            branch: "Completed beside a running container and a failed one, pod Ready: Running",
            json: podJSON(spec: #"{"containers": [{"name": "app", "image": "a"}, {"name": "proxy", "image": "p"}, {"name": "migrate", "image": "m"}]}"#, status: #"{"phase": "Running", "conditions": \#(readyConditions), "containerStatuses": [\#(terminatedStatus("app", exitCode: 0, reason: "Completed")), \#(runningStatus("proxy")), \#(terminatedStatus("migrate", exitCode: 2))]}"#),
            ready: "1/3", status: "Running", restarts: "0"),
        PrintedPod(
            branch: "running but not ready counts as not ready",
            json: podJSON(spec: oneContainer, status: #"{"phase": "Running", "conditions": \#(notReadyConditions), "containerStatuses": [\#(runningStatus("kafka", ready: false, restarts: 2, lastFinished: "2026-11-25T08:00:00Z"))]}"#),
            ready: "0/1", status: "Running", restarts: "2 (120m ago)"),
        PrintedPod(
            branch: "init container waiting to start: Init:i/n",
            json: podJSON(spec: twoInit, status: #"{"phase": "Pending", "conditions": \#(initializingConditions), "initContainerStatuses": [\#(waitingStatus("wait-zk", reason: "PodInitializing")), \#(waitingStatus("config", reason: "PodInitializing"))], "containerStatuses": [\#(waitingStatus("kafka", reason: "PodInitializing"))]}"#),
            ready: "0/1", status: "Init:0/2", restarts: "0"),
        PrintedPod(
            branch: "second init container running: Init:1/2",
            json: podJSON(spec: twoInit, status: #"{"phase": "Pending", "conditions": \#(initializingConditions), "initContainerStatuses": [\#(terminatedStatus("wait-zk", exitCode: 0, reason: "Completed")), \#(runningStatus("config", ready: false))], "containerStatuses": [\#(waitingStatus("kafka", reason: "PodInitializing"))]}"#),
            ready: "0/1", status: "Init:1/2", restarts: "0"),
        PrintedPod(
            branch: "init container waiting with a reason; its restarts count, the app's do not",
            json: podJSON(spec: twoInit, status: #"{"phase": "Pending", "conditions": \#(initializingConditions), "initContainerStatuses": [\#(waitingStatus("wait-zk", reason: "CrashLoopBackOff", restarts: 3, lastFinished: "2026-11-25T09:55:00Z")), \#(waitingStatus("config", reason: "PodInitializing"))], "containerStatuses": [\#(waitingStatus("kafka", reason: "PodInitializing", restarts: 9))]}"#),
            ready: "0/1", status: "Init:CrashLoopBackOff", restarts: "3 (5m ago)"),
        PrintedPod(
            branch: "init container failed with a reason",
            json: podJSON(spec: twoInit, status: #"{"phase": "Failed", "initContainerStatuses": [\#(terminatedStatus("wait-zk", exitCode: 1, reason: "Error"))]}"#),
            ready: "0/1", status: "Init:Error", restarts: "0"),
        PrintedPod(
            branch: "init container killed by a signal",
            json: podJSON(spec: twoInit, status: #"{"phase": "Pending", "initContainerStatuses": [\#(terminatedStatus("wait-zk", exitCode: 137, signal: 9))]}"#),
            ready: "0/1", status: "Init:Signal:9", restarts: "0"),
        PrintedPod(
            branch: "init container failed with an exit code alone",
            json: podJSON(spec: twoInit, status: #"{"phase": "Pending", "initContainerStatuses": [\#(terminatedStatus("wait-zk", exitCode: 2))]}"#),
            ready: "0/1", status: "Init:ExitCode:2", restarts: "0"),
        PrintedPod(
            branch: "sidecar started and ready counts in READY, its restarts in RESTARTS",
            json: podJSON(spec: sidecarSpec, status: #"{"phase": "Running", "conditions": \#(readyConditions), "initContainerStatuses": [\#(runningStatus("log-shipper", restarts: 2, lastFinished: "2026-11-25T09:40:00Z"))], "containerStatuses": [\#(runningStatus("kafka", restarts: 1, lastFinished: "2026-11-25T09:50:00Z"))]}"#),
            ready: "2/2", status: "Running", restarts: "3 (10m ago)"),
        PrintedPod(
            branch: "sidecar started, not ready",
            json: podJSON(spec: sidecarSpec, status: #"{"phase": "Running", "conditions": \#(notReadyConditions), "initContainerStatuses": [\#(runningStatus("log-shipper", ready: false))], "containerStatuses": [\#(runningStatus("kafka"))]}"#),
            ready: "1/2", status: "Running", restarts: "0"),
        PrintedPod(
            branch: "sidecar not started yet: Init:0/1",
            json: podJSON(spec: sidecarSpec, status: #"{"phase": "Pending", "conditions": [{"type": "Initialized", "status": "False", "lastProbeTime": null, "lastTransitionTime": "2026-11-25T09:00:00Z"}], "initContainerStatuses": [{"name": "log-shipper", "state": {"running": {"startedAt": "2026-11-25T09:00:02Z"}}, "lastState": {}, "ready": false, "restartCount": 0, "image": "fluent-bit:3", "imageID": "", "started": false}], "containerStatuses": [\#(waitingStatus("kafka", reason: "PodInitializing"))]}"#),
            ready: "0/2", status: "Init:0/1", restarts: "0"),
        PrintedPod(
            branch: "sidecar crashing after initialization: app containers still read",
            json: podJSON(spec: sidecarSpec, status: #"{"phase": "Running", "conditions": \#(notReadyConditions), "initContainerStatuses": [\#(waitingStatus("log-shipper", reason: "CrashLoopBackOff", restarts: 6, lastFinished: "2026-11-25T09:58:00Z"))], "containerStatuses": [\#(runningStatus("kafka", restarts: 1, lastFinished: "2026-11-25T09:10:00Z"))]}"#),
            ready: "1/2", status: "Init:CrashLoopBackOff", restarts: "7 (2m ago)"),
        PrintedPod(
            branch: "being deleted: Terminating",
            json: podJSON(deletion: "2026-11-25T09:59:30Z", spec: oneContainer, status: #"{"phase": "Running", "conditions": \#(readyConditions), "containerStatuses": [\#(runningStatus("kafka"))]}"#),
            ready: "1/1", status: "Terminating", restarts: "0"),
        PrintedPod(
            branch: "deleted after it finished: not Terminating",
            json: podJSON(deletion: "2026-11-25T09:59:30Z", spec: oneContainer, status: #"{"phase": "Succeeded", "containerStatuses": [\#(terminatedStatus("kafka", exitCode: 0, reason: "Completed"))]}"#),
            ready: "0/1", status: "Completed", restarts: "0"),
        PrintedPod(
            branch: "deleted on a lost node: Unknown",
            json: podJSON(deletion: "2026-11-25T09:59:30Z", spec: oneContainer, status: #"{"phase": "Unknown", "reason": "NodeLost", "message": "Node node-a which was running pod kafka-1 is unresponsive", "containerStatuses": [\#(runningStatus("kafka"))]}"#),
            ready: "1/1", status: "Unknown", restarts: "0"),
    ]

    @Test(arguments: cases)
    func printsLikeKubectl(_ printed: PrintedPod) throws {
        let pod = try JSONDecoder().decode(Pod.self, from: Data(printed.json.utf8))
        let row = PodRow(pod: pod, now: Self.now)
        #expect(row.ready == printed.ready)
        #expect(row.status == printed.status)
        #expect(row.restarts == printed.restarts)
        #expect(pod.displayStatus == printed.status)
    }

    @Test func rowForAPendingKafkaBroker() throws {
        // The lab's kafka-1, as if created at 09:00, an hour before `now`.
        var pod = try #require(try Cluster.eCommerceSaga(now: Self.now).pod(named: "kafka-1"))
        pod.metadata.creationTimestamp = RFC3339.date(from: "2026-11-25T09:00:00Z")
        let row = PodRow(pod: pod, now: Self.now)
        #expect(row.cells == ["kafka-1", "0/1", "Pending", "0", "60m", "<none>", "StatefulSet/kafka"])
        #expect(row.summary == PodSummary(readyContainers: 0, totalContainers: 1, status: "Pending", restarts: 0, lastRestart: nil))
        #expect(row.createdAt == RFC3339.date(from: "2026-11-25T09:00:00Z"))
        #expect(!row.isFullyReady)
    }

    /// The lab's pods as `kubectl get pods -o wide` prints them when it has just started
    /// (lab/k8slab/tables.py prints the same cells).
    @Test func rowsOfTheLabsPods() throws {
        let state = try Cluster.eCommerceSaga(now: Self.now)
        let rows = state.pods.map { PodRow(pod: $0, now: Self.now, replicaSets: state.replicaSets) }
        func row(_ prefix: String) throws -> PodRow { try #require(rows.first { $0.name.hasPrefix(prefix) }) }
        #expect(try row("kafka-0").cells == ["kafka-0", "1/1", "Running", "0", "2d2h", "saga-worker-3", "StatefulSet/kafka"])
        #expect(try row("kafka-1").cells == ["kafka-1", "0/1", "Pending", "0", "2d2h", "<none>", "StatefulSet/kafka"])
        #expect(try row("redis-0").cells == ["redis-0", "2/2", "Running", "0", "2d2h", "saga-worker-1", "StatefulSet/redis"])
        let order = try row("order-service-")
        #expect([order.ready, order.status, order.restarts, order.age, order.node, order.owner]
                == ["0/1", "CrashLoopBackOff", "17 (95s ago)", "66m", "saga-worker-2", "Deployment/order-service"])
        let inventory = try row("inventory-service-")
        #expect([inventory.status, inventory.restarts, inventory.age] == ["CrashLoopBackOff", "17 (3m32s ago)", "65m"])
        let notification = try row("notification-service-")
        #expect([notification.status, notification.restarts, notification.age] == ["CrashLoopBackOff", "18 (31s ago)", "74m"])
        let coordinators = rows.filter { $0.name.hasPrefix("saga-coordinator-") }
        #expect(coordinators.map(\.restarts).sorted() == ["0", "1 (47h ago)"])
        #expect(rows.filter { $0.status == "Running" }.count == 11)
    }

    @Test func ownerWalksFromReplicaSetToDeployment() throws {
        let pod = Pod(metadata: ObjectMeta(
            name: "order-service-7d9f8b6c5d-x2x9z",
            ownerReferences: [OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "order-service-7d9f8b6c5d", uid: "rs-1", controller: true)]))
        let replicaSet = ReplicaSet(metadata: ObjectMeta(
            name: "order-service-7d9f8b6c5d", uid: "rs-1",
            ownerReferences: [OwnerReference(apiVersion: "apps/v1", kind: "Deployment", name: "order-service", uid: "d-1", controller: true)]))
        #expect(PodRow.owner(of: pod, replicaSets: [replicaSet]) == "Deployment/order-service")
        #expect(PodRow.owner(of: pod) == "ReplicaSet/order-service-7d9f8b6c5d")
        #expect(PodRow.owner(of: Pod(metadata: ObjectMeta(name: "debug"))) == "<none>")
    }

    @Test func rowWithoutCreationTimeHasUnknownAge() {
        let row = PodRow(pod: Pod(metadata: ObjectMeta(name: "x"), spec: PodSpec(nodeName: "node-b")), now: Self.now)
        #expect(row.age == "<unknown>")
        #expect(row.node == "node-b")
        #expect(row.ready == "0/0")
    }
}
