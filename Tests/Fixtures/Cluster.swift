import Foundation
import InfraTopKubernetes

/// Clusters for tests, built from the lab's own scenario (`lab/scenario.json`, read when a test
/// runs) the way the lab's API stand-in expands it (`lab/k8slab/scenario.py`), so that unit tests
/// and the lab describe one e-commerce-saga and cannot drift apart.
///
/// ```swift
/// let state = try Cluster.eCommerceSaga(now: now)          // kafka 1/3, three services crash-looping
/// let better = try Cluster.eCommerceSaga(now: now).withKafka1Running()
/// ```
///
/// Objects are built as API JSON and decoded by the models' Codable, as responses are. Times are
/// the lab's, relative to `now`, the moment the lab started: kafka-1 has waited 2d2h, order-service
/// last crashed 95 s ago. Builders change the cluster at `now` the way the lab's control channel
/// does (`scripts/lab ctl pods/kafka-1/run`...). Everything throws ``FixtureError`` when the scenario
/// cannot be read or lacks what a builder names.
package enum Cluster {
    /// The `now` fixtures use unless a test gives its own: 2026-11-18T11:06:40Z.
    package static let labStart = Date(timeIntervalSince1970: 1_795_000_000)

    /// Where the fixtures read the scenario: `<repository>/lab/scenario.json`.
    package static var scenarioPath: String { LabScenario.path }

    /// The e-commerce-saga namespace as the lab serves it when it starts at `now`: pods,
    /// StatefulSets, Deployments, ReplicaSets and events, as a collector's list would give them
    /// (objects by name, events oldest first).
    package static func eCommerceSaga(now: Date = labStart, context: String = "lab") throws -> KubernetesState {
        let lab = LabCluster(scenario: try LabScenario.load(), start: now.timeIntervalSince1970)
        return try lab.state(takenAt: now, context: context)
    }

    /// The Services a Helm install of e-commerce-saga has (`kafka-client`, `redis`, the headless
    /// ones, each service's own), as the lab serves them.
    package static func eCommerceSagaServices(now: Date = labStart) throws -> [Service] {
        let lab = LabCluster(scenario: try LabScenario.load(), start: now.timeIntervalSince1970)
        return try lab.store.list("services").map { try $0.decode(as: Service.self) }
    }
}

extension KubernetesState {
    /// kafka wants `replicas` brokers and the first `ready` are Running and Ready; under
    /// OrderedReady the next one waits, Pending and unschedulable, and later ones are not created.
    /// `withKafka(ready: 1, of: 3)` is the scenario itself.
    package func withKafka(ready: Int, of replicas: Int) throws -> KubernetesState {
        try withStatefulSet("kafka", ready: ready, of: replicas)
    }

    /// kafka-1 scheduled and Running, as after `scripts/lab ctl pods/kafka-1/run`: the StatefulSet
    /// then creates kafka-2, which no node can take either (kafka 2/3).
    package func withKafka1Running() throws -> KubernetesState {
        try withRunning(pod: "kafka-1")
    }

    /// A StatefulSet of the scenario with `replicas` wanted and its first `ready` ordinals Running
    /// and Ready. Ordinal `ready` exists and is not ready: a pod that is already not ready stays as
    /// it is, any other is created now, unschedulable, as the lab's controller creates one. Pods
    /// are made Running as the lab's `run` makes them; higher ordinals are deleted.
    func withStatefulSet(_ name: String, ready: Int, of replicas: Int) throws -> KubernetesState {
        guard ready >= 0, ready <= replicas else { throw FixtureError("\(ready) ready of \(replicas) replicas cannot be") }
        return try changed { lab, now in
            try lab.setReplicas(of: name, to: replicas)
            let ordinals = Dictionary(uniqueKeysWithValues: lab.store.list("pods").compactMap { pod -> (Int, String)? in
                guard let podName = pod["metadata"]["name"].string, podName.hasPrefix(name + "-"),
                      pod["metadata"]["ownerReferences"].array.contains(where: { $0["kind"].string == "StatefulSet" && $0["name"].string == name }),
                      let ordinal = Int(podName.dropFirst(name.count + 1)) else { return nil }
                return (ordinal, podName)
            })
            for (ordinal, podName) in ordinals where ordinal > ready || ordinal >= replicas {
                try lab.delete(podName, at: now)
            }
            for ordinal in 0..<min(ready + 1, replicas) {
                let podName = "\(name)-\(ordinal)"
                let existing = lab.store.get("pods", podName)
                if ordinal < ready {
                    if existing == nil { try lab.createPending(name, ordinal: ordinal, at: now) }
                    if !LabCluster.isReady(try lab.pod(named: podName)) { try lab.run(podName, at: now) }
                } else if let existing, LabCluster.isReady(existing) {
                    try lab.delete(podName, at: now)
                    try lab.createPending(name, ordinal: ordinal, at: now)
                } else if existing == nil {
                    try lab.createPending(name, ordinal: ordinal, at: now)
                }
            }
            lab.refreshStatefulSet(name)
        }
    }

    /// The pod Running and Ready, as `scripts/lab ctl pods/NAME/run` leaves it: a Pending pod is
    /// scheduled (Scheduled, Pulled, Created, Started events), a crash-looping one starts with its
    /// restart counted, and a StatefulSet whose pods are all Ready creates its next ordinal.
    package func withRunning(pod name: String) throws -> KubernetesState {
        try changed { lab, now in try lab.run(name, at: now) }
    }

    /// Every pod of the service's Deployment Running and Ready (a fixed image), as `run` leaves them.
    package func withRunning(service: String) throws -> KubernetesState {
        try changed { lab, now in
            for podName in try lab.podNames(ofDeployment: service) where !LabCluster.isReady(try lab.pod(named: podName)) {
                try lab.run(podName, at: now)
            }
        }
    }

    /// Every crash-looping pod Running and Ready, as `run` leaves them: with kafka 3/3, a healthy namespace.
    package func withCrashLoopsFixed() throws -> KubernetesState {
        try changed { lab, now in
            for pod in lab.store.list("pods") where pod["status"]["containerStatuses"].array.contains(where: Self.isCrashLooping) {
                try lab.run(pod["metadata"]["name"].string ?? "", at: now)
            }
        }
    }

    /// The service's pods in CrashLoopBackOff after a run that ended with `reason` and `exitCode`.
    /// A pod that already crash-loops keeps its restarts and times, only its last run ends
    /// differently; a running one fails now, as `scripts/lab ctl pods/NAME/crash` makes it fail.
    package func withCrashLoop(service: String, reason: String = "Error", exitCode: Int = 1) throws -> KubernetesState {
        try changed { lab, now in
            for podName in try lab.podNames(ofDeployment: service) {
                var pod = try lab.pod(named: podName)
                let statuses = pod["status"]["containerStatuses"].array
                guard statuses.contains(where: Self.isCrashLooping) else {
                    try lab.crash(podName, at: now, reason: reason, exitCode: exitCode)
                    continue
                }
                pod["status"]["containerStatuses"] = .array(statuses.map { status in
                    guard Self.isCrashLooping(status) else { return status }
                    var status = status
                    status["lastState"]["terminated"]["reason"] = .string(reason)
                    status["lastState"]["terminated"]["exitCode"] = .int(exitCode)
                    return status
                })
                lab.replace(pod)
            }
        }
    }

    /// The pod in CrashLoopBackOff after a run that ended with `reason` and `exitCode`, as
    /// `scripts/lab ctl pods/NAME/crash` makes it fail: for StatefulSet pods such as zookeeper-0.
    package func withCrashLoop(pod name: String, reason: String = "Error", exitCode: Int = 1) throws -> KubernetesState {
        try changed { lab, now in try lab.crash(name, at: now, reason: reason, exitCode: exitCode) }
    }

    /// The same cluster with `pod` in place of the pod of its name (or beside the others when
    /// there is none): for a test that needs a shape the scenario does not have.
    package func replacing(_ pod: Pod) -> KubernetesState {
        var state = self
        state.pods = (pods.filter { $0.metadata.name != pod.metadata.name } + [pod]).sorted { $0.metadata.name < $1.metadata.name }
        return state
    }

    package func statefulSet(named name: String) -> StatefulSet? { statefulSets.first { $0.metadata.name == name } }

    package func deployment(named name: String) -> Deployment? { deployments.first { $0.metadata.name == name } }

    /// The ReplicaSet a Deployment owns (the scenario has one per Deployment).
    package func replicaSet(ownedBy deployment: String) -> ReplicaSet? {
        replicaSets.first { $0.metadata.controller?.kind == "Deployment" && $0.metadata.controller?.name == deployment }
    }

    /// The pods a workload's controller owns, directly or through a ReplicaSet, by name.
    package func pods(ownedBy workload: String) -> [Pod] {
        let sets = Set(replicaSets.filter { $0.metadata.controller?.name == workload }.map(\.metadata.name))
        return pods.filter { pod in
            guard let owner = pod.metadata.controller else { return false }
            return (owner.kind == "StatefulSet" && owner.name == workload) || (owner.kind == "ReplicaSet" && sets.contains(owner.name))
        }
    }

    private static func isCrashLooping(_ status: JSONValue) -> Bool {
        status["state"]["waiting"]["reason"].string == "CrashLoopBackOff"
    }

    /// This state as the lab's objects, changed at `takenAt` by `change`, and listed again.
    private func changed(_ change: (inout LabCluster, Double) throws -> Void) throws -> KubernetesState {
        var store = LabStore()
        store.resourceVersion = resourceVersions.values.compactMap { Int($0) }.max() ?? store.resourceVersion
        for pod in pods { store.restore("pods", try JSONValue(encoding: pod)) }
        for set in statefulSets { store.restore("statefulsets", try JSONValue(encoding: set)) }
        for deployment in deployments { store.restore("deployments", try JSONValue(encoding: deployment)) }
        for replicaSet in replicaSets { store.restore("replicasets", try JSONValue(encoding: replicaSet)) }
        for event in events { store.restore("events", try JSONValue(encoding: event)) }
        var lab = LabCluster(scenario: try LabScenario.load(), store: store)
        try change(&lab, takenAt.timeIntervalSince1970)
        var state = try lab.state(takenAt: takenAt, context: context)
        state.namespace = namespace
        state.lastEventAt = lastEventAt
        state.previousLogs = previousLogs
        return state
    }
}

extension LabCluster {
    /// The objects as a collector lists them: by name, events oldest first, every resource at
    /// the store's one resourceVersion.
    func state(takenAt: Date, context: String) throws -> KubernetesState {
        let events = try store.list("events").map { try $0.decode(as: Event.self) }.sorted {
            ($0.lastSeen ?? .distantPast, $0.metadata.name) < ($1.lastSeen ?? .distantPast, $1.metadata.name)
        }
        let version = String(store.resourceVersion)
        return KubernetesState(
            takenAt: takenAt, context: context, namespace: namespace,
            pods: try store.list("pods").map { try $0.decode(as: Pod.self) },
            statefulSets: try store.list("statefulsets").map { try $0.decode(as: StatefulSet.self) },
            deployments: try store.list("deployments").map { try $0.decode(as: Deployment.self) },
            replicaSets: try store.list("replicasets").map { try $0.decode(as: ReplicaSet.self) },
            events: events,
            resourceVersions: ["pods": version, "statefulsets": version, "deployments": version, "replicasets": version, "events": version])
    }
}
