import Foundation
import InfraTopKubernetes

/// lab/scenario.json, decoded as lab/k8slab/scenario.py reads it. A field the lab reads that goes
/// missing or changes type fails the decoding, so fixture and lab cannot drift apart silently.
struct LabScenario: Decodable, Sendable {
    struct Node: Decodable, Sendable {
        var name: String
        var ip: String
        var podCIDR: String
    }

    struct SecretRef: Decodable, Sendable {
        var name: String
        var key: String
    }

    struct ContainerPlan: Decodable, Sendable {
        var name: String
        var image: String
        var port: Int
        var portName: String?
        var memory: [String]
        var cpu: [String]
        var log: String
        var env: [JSONValue]?
        var command: [String]?
        var args: [String]?
        var redisPassword: Bool?
    }

    /// One pod: `running`, `crashloop` or `unschedulable`, with what that state needs.
    struct PodPlan: Decodable, Sendable {
        var state: String
        var node: Int?
        var restarts: Int?
        var age: Double?
        var lastCrashAgo: Double?
        var crash: String?
        var message: String?
        var failedSchedulingCount: Int?
    }

    struct StatefulSetPlan: Decodable, Sendable {
        var name: String
        var age: Double
        var replicas: Int
        var serviceName: String
        var podManagementPolicy: String?
        var containers: [ContainerPlan]
        var pods: [PodPlan]
    }

    struct DeploymentPlan: Decodable, Sendable {
        var name: String
        var age: Double
        var replicas: Int
        var port: Int
        var version: String
        var pods: [PodPlan]
    }

    struct ServicePlan: Decodable, Sendable {
        var name: String
        var selector: [String: String]
        var clusterIP: String?
        var publishNotReadyAddresses: Bool?
        var ports: [JSONValue]
    }

    var namespace: String
    var namespaceAge: Double
    var nodes: [Node]
    var redisSecret: SecretRef
    var statefulsets: [StatefulSetPlan]
    var deployments: [DeploymentPlan]
    var services: [ServicePlan]?
    var serviceEnv: [JSONValue]
    /// The node `ctl pods/NAME/run` schedules a pending pod on (changes.py: default 1).
    var scheduleOn: Int?

    /// The scenario file beside this package's sources: `<repo>/lab/scenario.json`.
    static let path: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/Fixtures
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the repository
        .appendingPathComponent("lab/scenario.json").path

    /// Read once per test process.
    static let loaded: Result<LabScenario, FixtureError> = {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return .failure(FixtureError("cannot read the lab's scenario at \(path): \(error)"))
        }
        do {
            return .success(try JSONDecoder().decode(LabScenario.self, from: data))
        } catch {
            return .failure(FixtureError("\(path) no longer has the shape lab/k8slab/scenario.py reads: \(error)"))
        }
    }()

    static func load() throws -> LabScenario { try loaded.get() }
}

/// Why a fixture could not be built: the scenario changed, or a builder was asked for
/// something the scenario does not have.
package struct FixtureError: Error, CustomStringConvertible, Sendable {
    package var description: String
    init(_ description: String) { self.description = description }
}

/// The lab's object store, as far as fixtures need it: objects by resource and name, and the one
/// resourceVersion counter every change bumps (lab/k8slab/store.py).
struct LabStore {
    var resourceVersion = 48210
    private(set) var objects: [String: [String: JSONValue]] = [:]

    mutating func put(_ resource: String, _ object: JSONValue) {
        resourceVersion += 1
        var object = object
        object["metadata"]["resourceVersion"] = .string(String(resourceVersion))
        objects[resource, default: [:]][object["metadata"]["name"].string ?? ""] = object
    }

    mutating func delete(_ resource: String, _ name: String) {
        guard objects[resource]?[name] != nil else { return }
        resourceVersion += 1
        objects[resource]?[name] = nil
    }

    /// An object as it was listed, its resourceVersion kept.
    mutating func restore(_ resource: String, _ object: JSONValue) {
        objects[resource, default: [:]][object["metadata"]["name"].string ?? ""] = object
    }

    func get(_ resource: String, _ name: String) -> JSONValue? { objects[resource]?[name] }

    /// Sorted by name, as the API server lists them.
    func list(_ resource: String) -> [JSONValue] {
        (objects[resource] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
    }
}

/// lab/k8slab/timefmt.py's `rfc3339`: metav1.Time, whole seconds.
func rfc3339(_ seconds: Double) -> JSONValue {
    .string(RFC3339.string(from: Date(timeIntervalSince1970: seconds)))
}

func seconds(_ timestamp: JSONValue) -> Double? {
    timestamp.string.flatMap(RFC3339.date(from:))?.timeIntervalSince1970
}

/// The namespace the lab serves, expanded from the scenario the way lab/k8slab/scenario.py,
/// controllers.py and events.py expand it, and changed the way changes.py changes it.
struct LabCluster {
    /// changes.py's `_next_ordinal`: the message of a StatefulSet pod created while the lab runs.
    static let nextOrdinalMessage = "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: "
        + "3 No preemption victims found for incoming pod."

    let scenario: LabScenario
    var store = LabStore()
    /// Addresses handed out per node (podIP is not modelled, so changes made after the models
    /// round-tripped may repeat one).
    private var podIPs: [String: Int] = [:]
    private var initialEvents: [JSONValue] = []

    var namespace: String { scenario.namespace }

    /// The objects as the lab loads them when it starts at `start`.
    init(scenario: LabScenario, start: Double) {
        self.scenario = scenario
        for set in scenario.statefulsets { buildStatefulSet(set, start: start) }
        for deployment in scenario.deployments { buildDeployment(deployment, start: start) }
        for service in scenario.services ?? [] { buildService(service, start: start) }
        for event in initialEvents { store.put("events", event) }
        initialEvents = []
    }

    /// Objects that were the lab's once, to change them as the lab would.
    init(scenario: LabScenario, store: LabStore) {
        self.scenario = scenario
        self.store = store
    }

    // MARK: Building (scenario.py)

    private func meta(_ name: String, kind: String, created: Double, labels: [String: String] = [:],
                      annotations: [String: String] = [:], owners: [JSONValue] = [], generation: Int? = nil) -> JSONValue {
        [
            "name": .string(name),
            "namespace": .string(namespace),
            "uid": .string(LabIdentity.uid(namespace, kind, name)),
            "generation": generation.map(JSONValue.int) ?? .null,
            "creationTimestamp": rfc3339(created),
            "labels": .object(labels.mapValues(JSONValue.string)),
            "annotations": .object(annotations.mapValues(JSONValue.string)),
            "ownerReferences": .array(owners),
        ]
    }

    private func ownerReference(kind: String, name: String, uid: JSONValue) -> JSONValue {
        ["apiVersion": "apps/v1", "kind": .string(kind), "name": .string(name), "uid": uid,
         "controller": true, "blockOwnerDeletion": true]
    }

    private func containerSpec(_ c: LabScenario.ContainerPlan, serviceEnv: [JSONValue]? = nil) -> JSONValue {
        var env = (c.env ?? []) + (serviceEnv ?? [])
        if c.redisPassword == true || !(serviceEnv ?? []).isEmpty {
            // Never a literal password, as the lab has it.
            env.append(["name": "REDIS_PASSWORD", "valueFrom": ["secretKeyRef": [
                "name": .string(scenario.redisSecret.name), "key": .string(scenario.redisSecret.key)]]])
        }
        return [
            "name": .string(c.name),
            "image": .string(c.image),
            "command": .array((c.command ?? []).map(JSONValue.string)),
            "args": .array((c.args ?? []).map(JSONValue.string)),
            "ports": [["name": .string(c.portName ?? "http"), "containerPort": .int(c.port), "protocol": "TCP"]],
            "env": .array(env),
            "resources": [
                "requests": ["cpu": .string(c.cpu[0]), "memory": .string(c.memory[0])],
                "limits": ["cpu": .string(c.cpu[1]), "memory": .string(c.memory[1])],
            ],
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "imagePullPolicy": "IfNotPresent",
        ]
    }

    private func podSpec(_ containers: [JSONValue], node: Int?, hostname: String? = nil, subdomain: String? = nil) -> JSONValue {
        [
            "containers": .array(containers),
            "restartPolicy": "Always",
            "terminationGracePeriodSeconds": 30,
            "dnsPolicy": "ClusterFirst",
            "serviceAccountName": "default",
            "serviceAccount": "default",
            "nodeName": node.map { .string(scenario.nodes[$0].name) } ?? .null,
            "hostname": hostname.map(JSONValue.string) ?? .null,
            "subdomain": subdomain.map(JSONValue.string) ?? .null,
            "schedulerName": "default-scheduler",
            "tolerations": [
                ["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
                ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
            ],
            "priority": 0,
            "enableServiceLinks": true,
            "preemptionPolicy": "PreemptLowerPriority",
        ]
    }

    private func statefulSetPlan(_ name: String) throws -> LabScenario.StatefulSetPlan {
        guard let plan = scenario.statefulsets.first(where: { $0.name == name }) else {
            throw FixtureError("the scenario has no StatefulSet \(name)")
        }
        return plan
    }

    private static func revision(of set: String) -> String { "\(set)-\(LabIdentity.suffix(10, "rev", set))" }

    /// `statefulset_pod`/the loop in `_build_statefulset`: the pod the controller makes for an ordinal.
    private mutating func statefulSetPod(_ plan: LabScenario.StatefulSetPlan, ordinal: Int, _ p: LabScenario.PodPlan,
                                         created: Double, ownerUID: JSONValue, runtime: Bool, start: Double) -> JSONValue {
        let podName = "\(plan.name)-\(ordinal)"
        let labels = ["app": plan.name, "controller-revision-hash": Self.revision(of: plan.name),
                      "statefulset.kubernetes.io/pod-name": podName, "apps.kubernetes.io/pod-index": String(ordinal)]
        return pod(podName, created: created, labels: labels, owner: ownerReference(kind: "StatefulSet", name: plan.name, uid: ownerUID),
                   containers: plan.containers, p, hostname: podName, subdomain: plan.serviceName, runtime: runtime, start: start)
    }

    private mutating func buildStatefulSet(_ plan: LabScenario.StatefulSetPlan, start: Double) {
        let created = start - plan.age
        let labels = ["app": plan.name]
        let meta = meta(plan.name, kind: "StatefulSet", created: created, labels: labels, generation: 1)
        let revision = Self.revision(of: plan.name)
        var set: JSONValue = [
            "kind": "StatefulSet",
            "apiVersion": "apps/v1",
            "metadata": meta,
            "spec": [
                "replicas": .int(plan.replicas),
                "selector": ["matchLabels": .object(labels.mapValues(JSONValue.string))],
                "template": [
                    "metadata": ["labels": .object(labels.mapValues(JSONValue.string))],
                    "spec": podSpec(plan.containers.map { containerSpec($0) }, node: nil),
                ],
                "serviceName": .string(plan.serviceName),
                "podManagementPolicy": .string(plan.podManagementPolicy ?? "OrderedReady"),
                "updateStrategy": ["type": "RollingUpdate", "rollingUpdate": ["partition": 0]],
                "revisionHistoryLimit": 10,
                "persistentVolumeClaimRetentionPolicy": ["whenDeleted": "Retain", "whenScaled": "Retain"],
            ],
            "status": ["observedGeneration": 1, "currentRevision": .string(revision), "updateRevision": .string(revision),
                       "collisionCount": 0],
        ]
        for (ordinal, p) in plan.pods.enumerated() {
            // OrderedReady: each ordinal waited for the previous to be Ready.
            let pod = statefulSetPod(plan, ordinal: ordinal, p, created: created + 2 + 45 * Double(ordinal),
                                     ownerUID: meta["uid"], runtime: false, start: start)
            store.put("pods", pod)
        }
        set = set.pruned
        statefulSetStatus(&set)
        store.put("statefulsets", set)
    }

    private mutating func buildService(_ plan: LabScenario.ServicePlan, start: Double) {
        let app = plan.selector["app"]
        let workloads = scenario.statefulsets.map { ($0.name, $0.age) } + scenario.deployments.map { ($0.name, $0.age) }
        let age = (workloads.first { $0.0 == app }?.1 ?? scenario.namespaceAge) + 5
        let clusterIP: String
        if plan.clusterIP == "None" {
            clusterIP = "None"
        } else {
            let d = Digest.sha256(Array("service/\(plan.name)".utf8))
            clusterIP = "10.\(96 + Int(d[0]) % 16).\(d[1]).\(Int(d[2]) % 254 + 1)"
        }
        var service: JSONValue = [
            "kind": "Service",
            "apiVersion": "v1",
            "metadata": meta(plan.name, kind: "Service", created: start - age, labels: app.map { ["app": $0] } ?? [:]),
            "spec": [
                "ports": .array(plan.ports.map { ["name": $0["name"], "protocol": "TCP", "port": $0["port"], "targetPort": $0["targetPort"]] }),
                "selector": .object(plan.selector.mapValues(JSONValue.string)),
                "clusterIP": .string(clusterIP),
                "clusterIPs": [.string(clusterIP)],
                "type": "ClusterIP",
                "sessionAffinity": "None",
                "publishNotReadyAddresses": plan.publishNotReadyAddresses.map(JSONValue.bool) ?? .null,
                "ipFamilies": ["IPv4"],
                "ipFamilyPolicy": "SingleStack",
                "internalTrafficPolicy": "Cluster",
            ],
        ]
        service = service.pruned
        service["status"] = ["loadBalancer": [:]]
        store.put("services", service)
    }

    private mutating func buildDeployment(_ plan: LabScenario.DeploymentPlan, start: Double) {
        let name = plan.name
        let created = start - plan.age
        let labels = ["app": name]
        let meta = meta(name, kind: "Deployment", created: created, labels: labels, annotations: ["deployment.kubernetes.io/revision": "1"],
                        generation: 1)
        let c = LabScenario.ContainerPlan(
            name: name, image: "registry.e-commerce-saga.local/\(name):\(plan.version)", port: plan.port, portName: "http",
            memory: ["256Mi", "512Mi"], cpu: ["100m", "500m"], log: "uvicorn", env: nil, command: ["uvicorn"],
            args: ["app.main:app", "--host", "0.0.0.0", "--port", String(plan.port)], redisPassword: nil)
        let containers = [containerSpec(c, serviceEnv: scenario.serviceEnv)]
        var deployment: JSONValue = [
            "kind": "Deployment",
            "apiVersion": "apps/v1",
            "metadata": meta,
            "spec": [
                "replicas": .int(plan.replicas),
                "selector": ["matchLabels": .object(labels.mapValues(JSONValue.string))],
                "template": ["metadata": ["labels": .object(labels.mapValues(JSONValue.string))], "spec": podSpec(containers, node: nil)],
                "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": "25%", "maxSurge": "25%"]],
                "revisionHistoryLimit": 10,
                "progressDeadlineSeconds": 600,
            ],
            "status": ["observedGeneration": 1],
        ]
        let hash = LabIdentity.suffix(10, "rs", name)
        let rsName = "\(name)-\(hash)"
        let rsLabels = labels.merging(["pod-template-hash": hash]) { _, new in new }
        let rsMeta = self.meta(
            rsName, kind: "ReplicaSet", created: created + 1, labels: rsLabels,
            annotations: ["deployment.kubernetes.io/desired-replicas": String(plan.replicas),
                          "deployment.kubernetes.io/max-replicas": String(plan.replicas + 1),
                          "deployment.kubernetes.io/revision": "1"],
            owners: [ownerReference(kind: "Deployment", name: name, uid: meta["uid"])], generation: 1)
        var replicaSet: JSONValue = [
            "kind": "ReplicaSet",
            "apiVersion": "apps/v1",
            "metadata": rsMeta,
            "spec": [
                "replicas": .int(plan.replicas),
                "selector": ["matchLabels": .object(rsLabels.mapValues(JSONValue.string))],
                "template": ["metadata": ["labels": .object(rsLabels.mapValues(JSONValue.string))], "spec": podSpec(containers, node: nil)],
            ],
            "status": ["observedGeneration": 1],
        ]
        for (i, p) in plan.pods.enumerated() {
            let podName = "\(rsName)-\(LabIdentity.suffix(5, "pod", rsName, String(i)))"
            let podCreated = p.age.map { start - $0 } ?? created + 3
            let pod = pod(podName, created: podCreated, labels: rsLabels, owner: ownerReference(kind: "ReplicaSet", name: rsName, uid: rsMeta["uid"]),
                          containers: [c], p, start: start)
            store.put("pods", pod)
        }
        replicaSet = replicaSet.pruned
        deployment = deployment.pruned
        replicaSetStatus(&replicaSet)
        deploymentStatus(&deployment, replicaSet: replicaSet)
        store.put("replicasets", replicaSet)
        store.put("deployments", deployment)
    }

    /// `_pod`: a pod in the plan's state (`running`, `crashloop` or `unschedulable`), with the
    /// events it has left behind unless it is created while the lab runs (`runtime`).
    private mutating func pod(_ name: String, created: Double, labels: [String: String], owner: JSONValue,
                              containers: [LabScenario.ContainerPlan], _ p: LabScenario.PodPlan,
                              hostname: String? = nil, subdomain: String? = nil, runtime: Bool = false, start: Double) -> JSONValue {
        let specs = containers.map { containerSpec($0, serviceEnv: $0.log == "uvicorn" ? scenario.serviceEnv : nil) }
        var pod: JSONValue = [
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": meta(name, kind: "Pod", created: created, labels: labels, owners: [owner]),
            "spec": podSpec(specs, node: p.state == "unschedulable" ? nil : p.node, hostname: hostname, subdomain: subdomain),
            "status": ["phase": "Pending", "qosClass": "Burstable"],
        ]
        if p.state == "unschedulable" {
            pod["status"]["conditions"] = [[
                "type": "PodScheduled", "status": "False", "lastProbeTime": nil,
                "lastTransitionTime": rfc3339(created + 1), "reason": "Unschedulable",
                "message": .string(p.message ?? ""),
            ]]
            if !runtime {
                initialEvents.append(Self.event(
                    pod, type: "Warning", reason: "FailedScheduling", message: p.message ?? "",
                    first: created + 1, last: start - 40, count: p.failedSchedulingCount ?? 1, source: Self.scheduler))
            }
            return pod.pruned
        }
        schedule(&pod, node: p.node ?? 0, started: created + 6)
        pod["status"]["containerStatuses"] = .array(containers.map { c in
            p.state == "running"
                ? runningStatus(pod, container: c.name, image: c.image, started: created + 6, restarts: p.restarts ?? 0)
                : crashLoopStatus(pod, c, p, start: start)
        })
        Self.setReadiness(&pod)
        if p.state == "crashloop", let c = containers.first {
            initialEvents += Self.crashLoopHistory(pod, container: c.name, image: c.image, restarts: p.restarts ?? 0,
                                                   lastStart: start - (p.lastCrashAgo ?? 0) - 2, created: created, now: start)
        }
        return pod.pruned
    }

    /// `schedule`: bound to a node, Running, every condition True until readiness says otherwise.
    mutating func schedule(_ pod: inout JSONValue, node index: Int, started: Double) {
        let node = scenario.nodes[index]
        let n = (podIPs[node.podCIDR] ?? 10) + 1
        podIPs[node.podCIDR] = n
        let parts = node.podCIDR.split(separator: ".").compactMap { Int($0) }
        let ip = n < 255 || parts.count != 3 ? "\(node.podCIDR).\(n)" : "\(parts[0]).\(parts[1]).\(parts[2] + 100 * (n / 254)).\(n % 254 + 1)"
        pod["spec"]["nodeName"] = .string(node.name)
        pod["status"]["phase"] = "Running"
        pod["status"]["hostIP"] = .string(node.ip)
        pod["status"]["hostIPs"] = [["ip": .string(node.ip)]]
        pod["status"]["podIP"] = .string(ip)
        pod["status"]["podIPs"] = [["ip": .string(ip)]]
        pod["status"]["startTime"] = rfc3339(started - 5)
        pod["status"]["conditions"] = .array(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"].map {
            ["type": .string($0), "status": "True", "lastProbeTime": nil, "lastTransitionTime": rfc3339(started - 5)]
        })
    }

    static func containerID(pod: String, container: String, attempt: Int) -> JSONValue {
        .string("containerd://" + String(repeating: LabIdentity.hexSuffix("cid", pod, container, String(attempt)), count: 4))
    }

    private static func imageID(_ image: String) -> JSONValue {
        let repository = image.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init) ?? image
        return .string("\(repository)@sha256:" + String(repeating: LabIdentity.hexSuffix("img", image), count: 4))
    }

    /// `running_status`: running since `started`; a restart before it was an OOM kill, as the lab has it.
    func runningStatus(_ pod: JSONValue, container: String, image: String, started: Double, restarts: Int) -> JSONValue {
        let name = pod["metadata"]["name"].string ?? ""
        var status: JSONValue = [
            "name": .string(container),
            "state": ["running": ["startedAt": rfc3339(started)]],
            "ready": true,
            "restartCount": .int(restarts),
            "image": .string(image),
            "imageID": Self.imageID(image),
            "containerID": Self.containerID(pod: name, container: container, attempt: restarts),
            "started": true,
        ]
        if restarts > 0 {
            status["lastState"] = ["terminated": [
                "exitCode": 137, "reason": "OOMKilled",
                "startedAt": rfc3339(started - 86000), "finishedAt": rfc3339(started - 1),
                "containerID": Self.containerID(pod: name, container: container, attempt: restarts - 1),
            ]]
        }
        return status
    }

    /// `_crashloop_status`: waiting out the back-off after its last failed run.
    private func crashLoopStatus(_ pod: JSONValue, _ c: LabScenario.ContainerPlan, _ p: LabScenario.PodPlan, start: Double) -> JSONValue {
        let name = pod["metadata"]["name"].string ?? ""
        let restarts = p.restarts ?? 0
        let finished = start - (p.lastCrashAgo ?? 0)
        let started = finished - 2
        return [
            "name": .string(c.name),
            "state": ["waiting": ["reason": "CrashLoopBackOff", "message": .string(Self.backoffMessage(pod, container: c.name))]],
            "lastState": ["terminated": [
                "exitCode": 1, "reason": "Error",
                "startedAt": rfc3339(started), "finishedAt": rfc3339(finished),
                "containerID": Self.containerID(pod: name, container: c.name, attempt: restarts - 1),
            ]],
            "ready": false,
            "restartCount": .int(restarts),
            "image": .string(c.image),
            "imageID": Self.imageID(c.image),
            "containerID": Self.containerID(pod: name, container: c.name, attempt: restarts - 1),
            "started": false,
        ]
    }

    /// The waiting state's message (not the BackOff event's, which differs).
    static func backoffMessage(_ pod: JSONValue, container: String) -> String {
        let m = pod["metadata"]
        return "back-off 5m0s restarting failed container=\(container) pod=\(m["name"].string ?? "")_\(m["namespace"].string ?? "")(\(m["uid"].string ?? ""))"
    }

    /// `set_readiness`: Ready and ContainersReady follow the containers.
    static func setReadiness(_ pod: inout JSONValue) {
        let notReady = pod["status"]["containerStatuses"].array.filter { $0["ready"].bool != true }.compactMap { $0["name"].string }
        pod["status"]["conditions"] = .array(pod["status"]["conditions"].array.map { condition in
            guard let type = condition["type"].string, type == "Ready" || type == "ContainersReady" else { return condition }
            var condition = condition
            if notReady.isEmpty {
                condition["status"] = "True"
                return condition.removing("reason").removing("message")
            }
            condition["status"] = "False"
            condition["reason"] = "ContainersNotReady"
            condition["message"] = .string("containers with unready status: [\(notReady.joined(separator: " "))]")
            return condition
        })
    }

    // MARK: Events (events.py)

    static let scheduler: JSONValue = ["component": "default-scheduler"]

    static func kubelet(_ pod: JSONValue) -> JSONValue {
        ["component": "kubelet", "host": .string(pod["spec"]["nodeName"].string ?? "")]
    }

    static func event(_ pod: JSONValue, type: String, reason: String, message: String, first: Double, last: Double, count: Int,
                      source: JSONValue, fieldPath: String? = nil) -> JSONValue {
        let m = pod["metadata"]
        let namespace = m["namespace"].string ?? ""
        let podName = m["name"].string ?? ""
        // One name per (object, reason, container), so recurrences update it.
        let name = "\(podName).\(LabIdentity.hexSuffix("event", podName, reason, fieldPath ?? ""))"
        let event: JSONValue = [
            "kind": "Event",
            "apiVersion": "v1",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "uid": .string(LabIdentity.uid(namespace, "Event", name)),
                         "creationTimestamp": rfc3339(first)],
            "involvedObject": ["kind": "Pod", "namespace": .string(namespace), "name": .string(podName), "uid": m["uid"],
                               "apiVersion": "v1", "fieldPath": fieldPath.map(JSONValue.string) ?? .null],
            "reason": .string(reason),
            "message": .string(message),
            "source": source,
            "firstTimestamp": rfc3339(first),
            "lastTimestamp": rfc3339(last),
            "count": .int(count),
            "type": .string(type),
            "eventTime": nil,
            "reportingComponent": source["component"].isNull ? "" : source["component"],
            "reportingInstance": source["host"].isNull ? "" : source["host"],
        ]
        return event.pruned
    }

    /// `crashloop_history`: what a container that failed `restarts` times has left behind.
    static func crashLoopHistory(_ pod: JSONValue, container: String, image: String, restarts: Int, lastStart: Double,
                                 created: Double, now: Double) -> [JSONValue] {
        let field = "spec.containers{\(container)}"
        let m = pod["metadata"]
        var out = [
            ("Pulled", "Container image \"\(image)\" already present on machine"),
            ("Created", "Created container \(container)"),
            ("Started", "Started container \(container)"),
        ].map { reason, message in
            event(pod, type: "Normal", reason: reason, message: message, first: created + 6, last: lastStart, count: restarts + 1,
                  source: kubelet(pod), fieldPath: field)
        }
        let backoff = "Back-off restarting failed container \(container) in pod \(m["name"].string ?? "")_\(m["namespace"].string ?? "")(\(m["uid"].string ?? ""))"
        out.append(event(pod, type: "Warning", reason: "BackOff", message: backoff, first: created + 40, last: now - 5,
                         count: restarts * 21 + 4, source: kubelet(pod), fieldPath: field))
        return out
    }

    /// `record`: a new event, or the same object, reason and container again (count+1).
    mutating func record(_ pod: JSONValue, type: String, reason: String, message: String, source: JSONValue,
                         fieldPath: String? = nil, at now: Double) {
        let event = Self.event(pod, type: type, reason: reason, message: message, first: now, last: now, count: 1,
                               source: source, fieldPath: fieldPath)
        if var existing = store.get("events", event["metadata"]["name"].string ?? "") {
            existing["count"] = .int((existing["count"].int ?? 1) + 1)
            existing["lastTimestamp"] = rfc3339(now)
            existing["message"] = .string(message)
            store.put("events", existing)
        } else {
            store.put("events", event)
        }
    }

    // MARK: Owner status (controllers.py)

    private func ownedPods(kind: String, name: String) -> [JSONValue] {
        store.list("pods").filter { pod in
            pod["metadata"]["ownerReferences"].array.contains { $0["kind"].string == kind && $0["name"].string == name }
        }
    }

    static func isReady(_ pod: JSONValue) -> Bool {
        pod["status"]["conditions"].array.contains { $0["type"].string == "Ready" && $0["status"].string == "True" }
    }

    private func statefulSetStatus(_ set: inout JSONValue) {
        let pods = ownedPods(kind: "StatefulSet", name: set["metadata"]["name"].string ?? "")
        let ready = pods.filter(Self.isReady).count
        set["status"]["replicas"] = .int(pods.count)
        set["status"]["currentReplicas"] = .int(pods.count)
        set["status"]["updatedReplicas"] = .int(pods.count)
        // The API omits zero counts.
        for key in ["readyReplicas", "availableReplicas"] { set["status"].setCount(key, ready) }
    }

    private func replicaSetStatus(_ replicaSet: inout JSONValue) {
        let pods = ownedPods(kind: "ReplicaSet", name: replicaSet["metadata"]["name"].string ?? "")
        let ready = pods.filter(Self.isReady).count
        replicaSet["status"]["replicas"] = .int(pods.count)
        replicaSet["status"]["fullyLabeledReplicas"] = .int(pods.count)
        for key in ["readyReplicas", "availableReplicas"] { replicaSet["status"].setCount(key, ready) }
    }

    private func deploymentStatus(_ deployment: inout JSONValue, replicaSet: JSONValue) {
        let desired = deployment["spec"]["replicas"].int ?? 1
        let ready = replicaSet["status"]["readyReplicas"].int ?? 0
        var status = deployment["status"]
        status["replicas"] = replicaSet["status"]["replicas"]
        status["updatedReplicas"] = replicaSet["status"]["replicas"]
        for key in ["readyReplicas", "availableReplicas"] { status.setCount(key, ready) }
        status.setCount("unavailableReplicas", max(desired - ready, 0))
        let created = deployment["metadata"]["creationTimestamp"]
        let rsName = replicaSet["metadata"]["name"].string ?? ""
        let (available, progressing): (JSONValue, JSONValue)
        if ready >= desired {
            available = ["type": "Available", "status": "True", "lastUpdateTime": created, "lastTransitionTime": created,
                         "reason": "MinimumReplicasAvailable", "message": "Deployment has minimum availability."]
            progressing = ["type": "Progressing", "status": "True", "lastUpdateTime": created, "lastTransitionTime": created,
                           "reason": "NewReplicaSetAvailable", "message": .string("ReplicaSet \"\(rsName)\" has successfully progressed.")]
        } else {
            available = ["type": "Available", "status": "False", "lastUpdateTime": created, "lastTransitionTime": created,
                         "reason": "MinimumReplicasUnavailable", "message": "Deployment does not have minimum availability."]
            progressing = ["type": "Progressing", "status": "False", "lastUpdateTime": created, "lastTransitionTime": created,
                           "reason": "ProgressDeadlineExceeded", "message": .string("ReplicaSet \"\(rsName)\" has timed out progressing.")]
        }
        status["conditions"] = [available, progressing]
        deployment["status"] = status
    }

    /// `refresh_owners`: recount the controller chain above a pod after it changed.
    mutating func refreshOwners(of pod: JSONValue) {
        for ref in pod["metadata"]["ownerReferences"].array {
            let name = ref["name"].string ?? ""
            switch ref["kind"].string {
            case "StatefulSet":
                refreshStatefulSet(name)
            case "ReplicaSet":
                guard var replicaSet = store.get("replicasets", name) else { continue }
                let before = replicaSet
                replicaSetStatus(&replicaSet)
                if replicaSet != before { store.put("replicasets", replicaSet) }
                for owner in replicaSet["metadata"]["ownerReferences"].array {
                    guard var deployment = store.get("deployments", owner["name"].string ?? "") else { continue }
                    let before = deployment
                    deploymentStatus(&deployment, replicaSet: replicaSet)
                    if deployment != before { store.put("deployments", deployment) }
                }
            default:
                continue
            }
        }
    }

    mutating func refreshStatefulSet(_ name: String) {
        guard var set = store.get("statefulsets", name) else { return }
        let before = set
        statefulSetStatus(&set)
        if set != before { store.put("statefulsets", set) }
    }

    // MARK: Changes (changes.py)

    func pod(named name: String) throws -> JSONValue {
        guard let pod = store.get("pods", name) else { throw FixtureError("pod \"\(name)\" not found in namespace \(namespace)") }
        return pod
    }

    /// `crash`: one more failed run of every container: restartCount+1, a fresh
    /// `lastState.terminated` (the lab's is exit code 1, `Error`), CrashLoopBackOff, events bumped.
    mutating func crash(_ name: String, at now: Double, reason: String = "Error", exitCode: Int = 1) throws {
        var pod = try pod(named: name)
        let kubelet = Self.kubelet(pod)
        pod["status"]["containerStatuses"] = .array(pod["status"]["containerStatuses"].array.map { status in
            var status = status
            let container = status["name"].string ?? ""
            // A running container dies: that run is the failed one.
            let started = seconds(status["state"]["running"]["startedAt"]) ?? now - 2
            let restarts = (status["restartCount"].int ?? 0) + 1
            status["restartCount"] = .int(restarts)
            status["lastState"] = ["terminated": [
                "exitCode": .int(exitCode), "reason": .string(reason),
                "startedAt": rfc3339(started), "finishedAt": rfc3339(now),
                "containerID": Self.containerID(pod: name, container: container, attempt: restarts - 1),
            ]]
            status["containerID"] = status["lastState"]["terminated"]["containerID"]
            status["state"] = ["waiting": ["reason": "CrashLoopBackOff", "message": .string(Self.backoffMessage(pod, container: container))]]
            status["ready"] = false
            status["started"] = false
            return status
        })
        for status in pod["status"]["containerStatuses"].array {
            let container = status["name"].string ?? ""
            let field = "spec.containers{\(container)}"
            record(pod, type: "Normal", reason: "Created", message: "Created container \(container)", source: kubelet, fieldPath: field, at: now)
            record(pod, type: "Normal", reason: "Started", message: "Started container \(container)", source: kubelet, fieldPath: field, at: now)
            let m = pod["metadata"]
            record(pod, type: "Warning", reason: "BackOff",
                   message: "Back-off restarting failed container \(container) in pod \(name)_\(m["namespace"].string ?? "")(\(m["uid"].string ?? ""))",
                   source: kubelet, fieldPath: field, at: now)
        }
        Self.setReadiness(&pod)
        store.put("pods", pod)
        refreshOwners(of: pod)
    }

    /// `run`: Running and Ready; a Pending pod is scheduled first (on `scheduleOn`), and a
    /// StatefulSet then creates its next ordinal, which cannot be placed either.
    mutating func run(_ name: String, at now: Double) throws {
        var pod = try pod(named: name)
        if (pod["spec"]["nodeName"].string ?? "").isEmpty {
            schedule(&pod, node: scenario.scheduleOn ?? 1, started: now)
            // Seconds apart, so clients sorting by time see the real order.
            record(pod, type: "Normal", reason: "Scheduled",
                   message: "Successfully assigned \(namespace)/\(name) to \(pod["spec"]["nodeName"].string ?? "")",
                   source: Self.scheduler, at: now - 3)
        }
        let kubelet = Self.kubelet(pod)
        let old = pod["status"]["containerStatuses"].array
        var statuses: [JSONValue] = []
        for container in pod["spec"]["containers"].array {
            let containerName = container["name"].string ?? ""
            let image = container["image"].string ?? ""
            let previous = old.first { $0["name"].string == containerName }
            let restarts = previous.map { ($0["restartCount"].int ?? 0) + ($0["state"]["waiting"].isNull ? 0 : 1) } ?? 0
            var status = runningStatus(pod, container: containerName, image: image, started: now, restarts: 0)
            status["restartCount"] = .int(restarts)
            status["containerID"] = Self.containerID(pod: name, container: containerName, attempt: restarts)
            if let lastState = previous?["lastState"], lastState != [:], !lastState.isNull {
                status["lastState"] = lastState
            }
            statuses.append(status)
            let field = "spec.containers{\(containerName)}"
            for (offset, reason, message) in [
                (2.0, "Pulled", "Container image \"\(image)\" already present on machine"),
                (1.0, "Created", "Created container \(containerName)"),
                (0.0, "Started", "Started container \(containerName)"),
            ] {
                record(pod, type: "Normal", reason: reason, message: message, source: kubelet, fieldPath: field, at: now - offset)
            }
        }
        pod["status"]["containerStatuses"] = .array(statuses)
        Self.setReadiness(&pod)
        store.put("pods", pod)
        refreshOwners(of: pod)
        try nextOrdinal(after: pod, at: now)
    }

    /// `_next_ordinal`: under OrderedReady, once every existing ordinal is Ready the StatefulSet
    /// controller creates the next one, which no node can take either.
    private mutating func nextOrdinal(after pod: JSONValue, at now: Double) throws {
        guard let ref = pod["metadata"]["ownerReferences"].array.first(where: { $0["kind"].string == "StatefulSet" }),
              let setName = ref["name"].string, let set = store.get("statefulsets", setName) else { return }
        let pods = ownedPods(kind: "StatefulSet", name: setName)
        guard pods.count < (set["spec"]["replicas"].int ?? 1), pods.allSatisfy(Self.isReady) else { return }
        try createPending(setName, ordinal: pods.count, at: now)
    }

    /// The pod the StatefulSet controller creates for `ordinal` at `now`, unschedulable, and the
    /// scheduler's first FailedScheduling event about it.
    mutating func createPending(_ setName: String, ordinal: Int, at now: Double) throws {
        let plan = try statefulSetPlan(setName)
        guard let set = store.get("statefulsets", setName) else { throw FixtureError("no StatefulSet \(setName) in namespace \(namespace)") }
        let pending = LabScenario.PodPlan(state: "unschedulable", message: Self.nextOrdinalMessage)
        let pod = statefulSetPod(plan, ordinal: ordinal, pending, created: now, ownerUID: set["metadata"]["uid"], runtime: true, start: now)
        store.put("pods", pod)
        record(pod, type: "Warning", reason: "FailedScheduling", message: Self.nextOrdinalMessage, source: Self.scheduler, at: now)
        refreshOwners(of: pod)
    }

    /// `delete`: gone, as after `kubectl delete pod`; the kubelet's Killing events stay.
    mutating func delete(_ name: String, at now: Double) throws {
        let pod = try pod(named: name)
        if let node = pod["spec"]["nodeName"].string, !node.isEmpty {
            for container in pod["spec"]["containers"].array {
                let containerName = container["name"].string ?? ""
                record(pod, type: "Normal", reason: "Killing", message: "Stopping container \(containerName)", source: Self.kubelet(pod),
                       fieldPath: "spec.containers{\(containerName)}", at: now)
            }
        }
        store.delete("pods", name)
        refreshOwners(of: pod)
    }

    mutating func setReplicas(of setName: String, to replicas: Int) throws {
        guard var set = store.get("statefulsets", setName) else { throw FixtureError("no StatefulSet \(setName) in namespace \(namespace)") }
        guard set["spec"]["replicas"].int != replicas else { return }
        set["spec"]["replicas"] = .int(replicas)
        store.put("statefulsets", set)
    }

    /// Replaces a pod's document as it is (a builder's own change).
    mutating func replace(_ pod: JSONValue) {
        store.put("pods", pod)
        refreshOwners(of: pod)
    }

    /// The pods a Deployment's ReplicaSets own, by name.
    func podNames(ofDeployment name: String) throws -> [String] {
        guard store.get("deployments", name) != nil else { throw FixtureError("no Deployment \(name) in namespace \(namespace)") }
        let sets = store.list("replicasets").filter { set in
            set["metadata"]["ownerReferences"].array.contains { $0["kind"].string == "Deployment" && $0["name"].string == name }
        }.compactMap { $0["metadata"]["name"].string }
        return sets.flatMap { ownedPods(kind: "ReplicaSet", name: $0) }.compactMap { $0["metadata"]["name"].string }
    }
}
