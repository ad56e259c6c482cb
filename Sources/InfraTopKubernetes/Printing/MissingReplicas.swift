import Foundation

/// A replica a workload wants but does not have in service, with the most specific reason
/// the cluster gives: `kafka-1 Pending 14m: 0/3 nodes are available: 3 Insufficient memory.`
package struct MissingReplica: Sendable, Equatable, CustomStringConvertible {
    /// The pod's name, or the workload's name for replicas that have no pod at all.
    package var name: String
    /// The pod's STATUS as kubectl shows it, or `not created`.
    package var state: String
    /// How long a Pending pod has waited; nil otherwise.
    package var age: String?
    /// Why, in the cluster's own words (scheduler, kubelet, controller or event); nil when nothing says.
    package var reason: String?
    /// The pod an OrderedReady StatefulSet waits for before it creates this one; nil otherwise.
    package var waitsFor: String?

    package init(name: String, state: String, age: String? = nil, reason: String? = nil, waitsFor: String? = nil) {
        self.name = name
        self.state = state
        self.age = age
        self.reason = reason
        self.waitsFor = waitsFor
    }

    package var description: String {
        var text = "\(name) \(state)"
        if let age { text += " \(age)" }
        if let reason { text += ": \(reason)" }
        return text
    }
}

extension StatefulSet {
    /// Each replica of `0..<replicas` that is not Running and Ready, in ordinal order.
    ///
    /// Under `OrderedReady` the controller creates `kafka-2` only once `kafka-0` and `kafka-1`
    /// are Running and Ready, so an absent pod names the first predecessor it waits for.
    /// `pods` and `events` may hold the whole namespace; only this set's are read.
    package func missingReplicas(pods: [Pod], events: [Event] = [], now: Date) -> [MissingReplica] {
        let podsByName = Dictionary(
            pods.filter { PodHealth.isInNamespace($0, of: metadata) }.map { ($0.metadata.name, $0) },
            uniquingKeysWith: { first, _ in first })
        var firstNotReady: String?
        var missing: [MissingReplica] = []
        for name in desiredPodNames {
            let pod = podsByName[name]
            if let pod {
                if !pod.isRunningAndReady {
                    missing.append(PodHealth.missingReplica(for: pod, events: events, now: now))
                }
            } else if isOrderedReady, let blocker = firstNotReady {
                missing.append(MissingReplica(name: name, state: "not created", reason: "OrderedReady waits for \(blocker)", waitsFor: blocker))
            } else {
                let failure = PodHealth.latestWarning(in: events, kind: "StatefulSet", name: metadata.name, reason: "FailedCreate", mentioning: name)
                missing.append(MissingReplica(name: name, state: "not created", reason: failure?.message))
            }
            if firstNotReady == nil, !(pod?.isRunningAndReady ?? false) {
                firstNotReady = name
            }
        }
        return missing
    }
}

extension Deployment {
    /// The Deployment's pods that are not Running and Ready, by name, then one line for
    /// replicas that have no pod at all.
    ///
    /// Pods are chosen by the Deployment's selector, so `pods` may hold the whole namespace.
    /// Terminating pods are left out: during a rollout they are replaced, not missing.
    package func missingReplicas(pods: [Pod], replicaSets: [ReplicaSet] = [], events: [Event] = [], now: Date) -> [MissingReplica] {
        let own = pods
            .filter {
                PodHealth.isInNamespace($0, of: metadata) && spec.selector.matches($0.metadata.labels)
                    && $0.metadata.deletionTimestamp == nil
            }
            .sorted { $0.metadata.name < $1.metadata.name }
        var missing = own
            .filter { !$0.isRunningAndReady }
            .map { PodHealth.missingReplica(for: $0, events: events, now: now) }

        let absent = desiredReplicas - own.count
        if absent > 0 {
            missing.append(MissingReplica(
                name: metadata.name,
                state: "\(absent) of \(desiredReplicas) not created",
                reason: creationFailure(replicaSets: replicaSets, events: events)))
        }
        return missing
    }

    // ReplicaFailure is where the Deployment controller copies the ReplicaSet's create error;
    // without it, the newest FailedCreate event of one of its ReplicaSets says the same.
    private func creationFailure(replicaSets: [ReplicaSet], events: [Event]) -> String? {
        if let failure = condition("ReplicaFailure"), failure.status == "True", !failure.message.isEmpty {
            return failure.message
        }
        let ownedSets = replicaSets.filter { $0.metadata.controller?.kind == "Deployment" && $0.metadata.controller?.name == metadata.name }
        let warnings = ownedSets.compactMap {
            PodHealth.latestWarning(in: events, kind: "ReplicaSet", name: $0.metadata.name, reason: "FailedCreate", mentioning: nil)
        }
        if let newest = warnings.max(by: { ($0.lastSeen ?? .distantPast) < ($1.lastSeen ?? .distantPast) }) {
            return newest.message
        }
        if let progressing = condition("Progressing"), progressing.status == "False", !progressing.message.isEmpty {
            return progressing.message
        }
        return nil
    }
}

/// The judgements shared by the StatefulSet and Deployment rules.
package enum PodHealth {
    /// Whether the pod lives beside the workload; an unset namespace on either side matches.
    static func isInNamespace(_ pod: Pod, of owner: ObjectMeta) -> Bool {
        pod.metadata.namespace.isEmpty || owner.namespace.isEmpty || pod.metadata.namespace == owner.namespace
    }

    static func missingReplica(for pod: Pod, events: [Event], now: Date) -> MissingReplica {
        let summary = PodSummary(pod)
        return MissingReplica(
            name: pod.metadata.name,
            state: summary.status,
            age: pod.status.phase == "Pending" ? HumanDuration.age(of: pod.metadata.creationTimestamp, at: now) : nil,
            reason: explanation(for: pod, status: summary.status, events: events))
    }

    /// The most specific words the cluster has for why this pod is not in service, from
    /// the container that sets its status to the pod's own message.
    static func explanation(for pod: Pod, status: String, events: [Event]) -> String? {
        let containers = pod.status.initContainerStatuses + pod.status.containerStatuses
        func message(of container: ContainerStatus) -> (reason: String, message: String)? {
            if let waiting = container.state.waiting, !waiting.message.isEmpty { return (waiting.reason, waiting.message) }
            if let terminated = container.state.terminated, !terminated.message.isEmpty { return (terminated.reason, terminated.message) }
            return nil
        }
        // The container whose reason became the STATUS column explains it best.
        if let match = containers.lazy.compactMap(message).first(where: { $0.reason == status || "Init:" + $0.reason == status }) {
            return match.message
        }
        if let scheduled = pod.status.condition("PodScheduled"), scheduled.status == "False", !scheduled.message.isEmpty {
            return scheduled.message
        }
        if let other = containers.lazy.filter({ !$0.ready }).compactMap(message).first {
            return other.message
        }
        // Probe failures and mount errors reach only events.
        if let warning = latestWarning(in: events, kind: "Pod", name: pod.metadata.name, reason: nil, mentioning: nil) {
            return warning.message
        }
        for type in ["ContainersReady", "Ready"] {
            if let condition = pod.status.condition(type), condition.status != "True", !condition.message.isEmpty {
                return condition.message
            }
        }
        return pod.status.message.isEmpty ? nil : pod.status.message
    }

    /// The newest Warning event about an object, optionally of one reason and mentioning a word.
    package static func latestWarning(in events: [Event], kind: String, name: String, reason: String?, mentioning word: String?) -> Event? {
        events
            .filter {
                $0.isWarning && $0.involvedObject.kind == kind && $0.involvedObject.name == name
                    && (reason == nil || $0.reason == reason) && (word.map($0.message.contains) ?? true)
            }
            .max { ($0.lastSeen ?? .distantPast) < ($1.lastSeen ?? .distantPast) }
    }
}
