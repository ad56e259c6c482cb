import Foundation

/// READY, STATUS and RESTARTS of a pod, computed exactly as `kubectl get pods` does.
///
/// A port of `printPod` in kubernetes/kubernetes `pkg/printers/internalversion/printers.go`
/// as of v1.35: restartable init containers (sidecars) counted in READY and RESTARTS,
/// `SchedulingGated`, terminal pods never shown as `Terminating`, and a failed container's
/// reason shown instead of a sibling's `Completed`. Every branch there has a case in
/// `KubernetesPodRowTests`.
package struct PodSummary: Sendable, Equatable {
    /// Containers that are ready, sidecars included (the "1" of "1/2").
    package var readyContainers: Int
    /// App containers plus sidecars (the "2" of "1/2").
    package var totalContainers: Int
    /// The STATUS column: the phase, or the reason that explains it better
    /// (`CrashLoopBackOff`, `Init:0/2`, `Terminating`, `ExitCode:137`...).
    package var status: String
    /// Restarts of the containers that count, as RESTARTS sums them.
    package var restarts: Int
    /// When the most recent of those restarts happened (the last `lastState.terminated.finishedAt`).
    package var lastRestart: Date?

    package init(readyContainers: Int, totalContainers: Int, status: String, restarts: Int, lastRestart: Date?) {
        self.readyContainers = readyContainers
        self.totalContainers = totalContainers
        self.status = status
        self.restarts = restarts
        self.lastRestart = lastRestart
    }

    package init(_ pod: Pod) {
        let spec = pod.spec
        let status = pod.status
        var restarts = 0
        var sidecarRestarts = 0
        var readyContainers = 0
        var totalContainers = spec.containers.count
        var lastRestart: Date?
        var lastSidecarRestart: Date?

        var reason = status.reason.isEmpty ? status.phase : status.reason
        // The scheduler marks a gated pod {PodScheduled, reason SchedulingGated}; kubectl
        // shows that, and the last such condition wins as in the original loop.
        for condition in status.conditions where condition.type == "PodScheduled" && condition.reason == "SchedulingGated" {
            reason = "SchedulingGated"
        }

        var initContainers: [String: Container] = [:]
        for container in spec.initContainers {
            initContainers[container.name] = container
            if container.isRestartableInitContainer { totalContainers += 1 }
        }

        var initializing = false
        for (index, container) in status.initContainerStatuses.enumerated() {
            let isSidecar = initContainers[container.name]?.isRestartableInitContainer ?? false
            restarts += container.restartCount
            lastRestart = Self.later(lastRestart, container.lastState.terminated?.finishedAt)
            if isSidecar {
                sidecarRestarts += container.restartCount
                lastSidecarRestart = Self.later(lastSidecarRestart, container.lastState.terminated?.finishedAt)
            }

            if let terminated = container.state.terminated, terminated.exitCode == 0 {
                continue
            }
            if isSidecar, container.started == true {
                if container.ready { readyContainers += 1 }
                continue
            }
            if let terminated = container.state.terminated {
                if terminated.reason.isEmpty {
                    reason = terminated.signal != 0 ? "Init:Signal:\(terminated.signal)" : "Init:ExitCode:\(terminated.exitCode)"
                } else {
                    reason = "Init:" + terminated.reason
                }
            } else if let waiting = container.state.waiting, !waiting.reason.isEmpty, waiting.reason != "PodInitializing" {
                reason = "Init:" + waiting.reason
            } else {
                reason = "Init:\(index)/\(spec.initContainers.count)"
            }
            initializing = true
            break
        }

        if !initializing || Self.isInitialized(status) {
            // Only sidecars keep counting once the pod is initialized: the restarts of
            // finished init containers are history, not health.
            restarts = sidecarRestarts
            lastRestart = lastSidecarRestart
            var hasRunning = false
            var errorReason: String?
            for container in status.containerStatuses.reversed() {
                restarts += container.restartCount
                lastRestart = Self.later(lastRestart, container.lastState.terminated?.finishedAt)
                if let waiting = container.state.waiting, !waiting.reason.isEmpty {
                    reason = waiting.reason
                } else if let terminated = container.state.terminated {
                    if !terminated.reason.isEmpty {
                        reason = terminated.reason
                    } else {
                        reason = terminated.signal != 0 ? "Signal:\(terminated.signal)" : "ExitCode:\(terminated.exitCode)"
                    }
                    if terminated.exitCode != 0 { errorReason = reason }
                } else if container.ready, container.state.running != nil {
                    hasRunning = true
                    readyContainers += 1
                }
            }
            // "Completed" from the first container must not hide a sibling that still runs
            // (Running or NotReady) or one that failed (its error, since v1.35).
            if reason == "Completed" {
                if hasRunning, status.isReady {
                    reason = "Running"
                } else if let errorReason {
                    reason = errorReason
                } else if hasRunning {
                    reason = "NotReady"
                }
            }
        }

        if pod.metadata.deletionTimestamp != nil, status.reason == "NodeLost" {
            reason = "Unknown"
        } else if pod.metadata.deletionTimestamp != nil, status.phase != "Succeeded", status.phase != "Failed" {
            reason = "Terminating"
        }

        self.init(readyContainers: readyContainers, totalContainers: totalContainers, status: reason, restarts: restarts, lastRestart: lastRestart)
    }

    /// The RESTARTS column: `0`, or `17 (2m50s ago)` when the last restart's time is known.
    func restartsText(at now: Date) -> String {
        guard restarts != 0, let lastRestart else { return String(restarts) }
        return "\(restarts) (\(HumanDuration.age(of: lastRestart, at: now)) ago)"
    }

    /// The READY column: `1/2`.
    var readyText: String { "\(readyContainers)/\(totalContainers)" }

    // Go compares zero times as year 1, so an absent finishedAt never wins.
    private static func later(_ current: Date?, _ candidate: Date?) -> Date? {
        guard let candidate else { return current }
        guard let current else { return candidate }
        return candidate > current ? candidate : current
    }

    // Reads the first Initialized condition only, as kubectl does.
    private static func isInitialized(_ status: PodStatus) -> Bool {
        status.condition("Initialized")?.status == "True"
    }
}

extension Pod {
    /// READY, STATUS and RESTARTS as kubectl computes them.
    package var summary: PodSummary { PodSummary(self) }

    /// The STATUS column of `kubectl get pods`: `Running`, `CrashLoopBackOff`, `Init:1/2`, `Terminating`...
    package var displayStatus: String { summary.status }
}
