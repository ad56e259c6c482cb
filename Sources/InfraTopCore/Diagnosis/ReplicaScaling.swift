import Foundation
import InfraTopKubernetes
import InfraTopBasics

/// Why a replica is missing, sorted into the causes operators act on differently.
package enum ScalingCause: Sendable, Equatable {
    /// The scheduler found no node; its message says why.
    case failedScheduling(String)
    /// The pod waits for a PersistentVolumeClaim to be bound.
    case unboundClaim(String)
    /// The image cannot be pulled.
    case imagePull(String)
    /// The container keeps crashing: how its last run ended and what its log said.
    case crashLoop(CrashLoop)
    /// OrderedReady creates this ordinal only after the one it names is Running and Ready.
    case orderedReady(waitingFor: String)
    /// The container runs but its readiness probe fails.
    case readinessProbe(String)
    /// Anything else, in the cluster's words; nil when nothing says.
    case other(String?)

    /// A short label: `FailedScheduling`, `CrashLoopBackOff`...
    package var label: String {
        switch self {
        case .failedScheduling: "FailedScheduling"
        case .unboundClaim: "unbound PVC"
        case .imagePull: "ImagePullBackOff"
        case .crashLoop: "CrashLoopBackOff"
        case .orderedReady: "OrderedReady"
        case .readinessProbe: "readiness probe failing"
        case .other: "not ready"
        }
    }

    /// The cluster's own words for it.
    package var detail: String? {
        switch self {
        case .failedScheduling(let message), .unboundClaim(let message), .imagePull(let message), .readinessProbe(let message):
            message
        case .crashLoop(let loop):
            loop.causeLine.map { "\($0) (previous run's log)" } ?? loop.summary
        case .orderedReady(let blocker):
            "waits for \(blocker) to be Running and Ready"
        case .other(let message):
            message
        }
    }
}

/// A container in CrashLoopBackOff as the kubelet records it, with its previous run's log line.
package struct CrashLoop: Sendable, Equatable {
    package var container: String
    package var restarts: Int
    /// How the last run ended (`OOMKilled`, `Error`; empty when the kubelet gave no reason); nil when not recorded.
    package var lastReason: String?
    package var exitCode: Int?
    /// The container's memory limit as its spec writes it (`1Gi`); nil when none is set.
    package var memoryLimit: String?
    /// The last error line of the run that crashed, when read for the current restart count.
    package var causeLine: String?
    /// Why that run's log could not be read.
    package var logError: String?

    /// `back-off restarting kafka after 7 restarts; last exit OOMKilled 137`.
    package var summary: String {
        var text = "back-off restarting \(container) after \(restarts) restarts"
        if let exitCode, let lastReason {
            text += "; last exit \(lastReason.isEmpty ? "code" : lastReason) \(exitCode)"
        }
        if let logError, causeLine == nil { text += "; previous log unreadable: \(logError)" }
        return text
    }
}

/// How long a replica has been missing, and what that rests on; never guessed.
package enum MissingSince: Sendable, Equatable {
    /// Known: infratop saw it happen, or the cluster dates it (`basis` says which).
    case since(Date, basis: String)
    /// At least since then: it was already missing when the history starts.
    case atLeast(Date)
    /// Nothing dates it.
    case unknown

    /// `14m (created 14m ago)`, `≥ 58m (since infratop started watching)`, `unknown`.
    package func text(at now: Date) -> String {
        switch self {
        case .since(let date, let basis): "\(HumanDuration.format(now.timeIntervalSince(date))) (\(basis))"
        case .atLeast(let date) where now.timeIntervalSince(date) < 1: "for an unknown time (infratop has only just started watching)"
        case .atLeast(let date): "at least \(HumanDuration.format(now.timeIntervalSince(date))) (all of infratop's history)"
        case .unknown: "for an unknown time"
        }
    }
}

/// One missing replica with how long and why.
package struct ReplicaScaling: Sendable, Equatable {
    package var replica: MissingReplica
    package var since: MissingSince
    package var cause: ScalingCause
}

/// A workload's scaling story: its counts, their history, and each missing replica explained.
package struct WorkloadScaling: Sendable {
    package var health: WorkloadHealth
    /// Replica counts over the history window, oldest first.
    package var points: [ClusterHistory.ReplicaPoint]
    package var missing: [ReplicaScaling]

    package init(component: Component, snapshot: Snapshot, state: KubernetesState) {
        let now = snapshot.takenAt
        health = WorkloadHealth(component: component, state: state, now: now)
        points = snapshot.history.replicas(of: .init(component.workloadKind, health.workloadName))
        let points = points
        let health = health
        missing = health.missing.map { replica in
            let pod = state.pod(named: replica.name)
            let cause = pod.map { Self.cause(of: $0, replica: replica, state: state) } ?? Self.cause(ofAbsent: replica)
            let since = pod.map { Self.since(of: $0, history: snapshot.history) }
                ?? Self.since(absentAfter: Self.readyBelowWhichMissing(replica, health: health, state: state), points: points)
            return ReplicaScaling(replica: replica, since: since, cause: cause)
        }
    }

    static func cause(ofAbsent replica: MissingReplica) -> ScalingCause {
        if let blocker = replica.waitsFor { return .orderedReady(waitingFor: blocker) }
        return .other(replica.reason)
    }

    static func cause(of pod: Pod, replica: MissingReplica, state: KubernetesState) -> ScalingCause {
        let containers = pod.status.initContainerStatuses + pod.status.containerStatuses
        if let (crashing, excerpt) = state.crashLoop(of: pod) {
            let last = crashing.lastState.terminated
            let spec = pod.container(named: crashing.name)
            return .crashLoop(CrashLoop(
                container: crashing.name, restarts: crashing.restartCount, lastReason: last?.reason, exitCode: last?.exitCode,
                memoryLimit: spec?.resources?.limits["memory"],
                causeLine: excerpt?.restartCount == crashing.restartCount ? excerpt?.causeLine : nil, logError: excerpt?.error))
        }
        if let pulling = containers.first(where: { ["ImagePullBackOff", "ErrImagePull", "InvalidImageName"].contains($0.state.waiting?.reason ?? "") }) {
            return .imagePull(pulling.state.waiting?.message.isEmpty == false ? pulling.state.waiting?.message ?? "" : (pulling.state.waiting?.reason ?? ""))
        }
        if let scheduled = pod.status.condition("PodScheduled"), scheduled.status == "False" {
            let message = scheduled.message.isEmpty ? (replica.reason ?? scheduled.reason) : scheduled.message
            return message.contains("unbound") && message.contains("PersistentVolumeClaim") ? .unboundClaim(message) : .failedScheduling(message)
        }
        let probe = PodHealth.latestWarning(in: state.events, kind: "Pod", name: pod.metadata.name, reason: "Unhealthy", mentioning: "Readiness probe")
        if pod.status.phase == "Running", let probe {
            return .readinessProbe(probe.message)
        }
        return .other(replica.reason)
    }

    /// A pod's missing time: when infratop saw it stop serving, else what the cluster dates.
    static func since(of pod: Pod, history: ClusterHistory) -> MissingSince {
        if let seen = history.pods[pod.metadata.name], seen.uid == pod.metadata.uid, let date = seen.notReadySince {
            return .since(date, basis: "seen going not ready")
        }
        if pod.status.phase == "Pending", pod.status.startTime == nil, let created = pod.metadata.creationTimestamp {
            return .since(created, basis: "pod created, never started")
        }
        if let ready = pod.status.condition("Ready"), ready.status != "True", let date = ready.lastTransitionTime {
            return .since(date, basis: "Ready condition \(ready.status)")
        }
        return .unknown
    }

    /// The ready count at or below which this replica is missing: a StatefulSet's ordinal k
    /// under OrderedReady needs k+1 ready; a Deployment's absent pods need all of them.
    static func readyBelowWhichMissing(_ replica: MissingReplica, health: WorkloadHealth, state: KubernetesState) -> Int {
        if health.component.workloadKind == .statefulSet, let suffix = replica.name.split(separator: "-").last, let ordinal = Int(suffix) {
            let start = state.statefulSets.first { $0.metadata.name == health.workloadName }?.spec.ordinals?.start ?? 0
            return ordinal.subtractingSaturated(start)
        }
        return health.desired - 1
    }

    /// A replica with no pod: since the workload last had fewer than `count + 1` ready, by history.
    static func since(absentAfter count: Int, points: [ClusterHistory.ReplicaPoint]) -> MissingSince {
        guard let last = points.last, last.ready <= count else { return .unknown }
        var index = points.count - 1
        while index > 0, points[index - 1].ready <= count { index -= 1 }
        return index > 0 ? .since(points[index].at, basis: "seen going missing") : .atLeast(points[0].at)
    }
}
