import Foundation
import InfraTopKubernetes

/// Containers in CrashLoopBackOff, each with its cause: an OOM kill with the memory limit, else
/// the last error line of the run that crashed (the previous container's log), read by the
/// Kubernetes collector.
package struct CrashLoopRule: Sendable {
    package init() {}

    package func findings(in snapshot: Snapshot) -> [Finding] {
        findingsByPod(in: snapshot).map(\.finding)
    }

    /// Each finding with the pod it is about, so ``Diagnosis`` can fold it into a finding that
    /// already names that pod.
    /// `summary` says it without the cause line, for a finding that already gives that line.
    func findingsByPod(in snapshot: Snapshot) -> [(pod: String, summary: String, finding: Finding)] {
        guard let state = snapshot.kubernetes else { return [] }
        var findings: [(pod: String, summary: String, finding: Finding)] = []
        for pod in state.crashLoopingPods.sorted(by: { $0.metadata.name < $1.metadata.name }) {
            for container in pod.status.initContainerStatuses + pod.status.containerStatuses
            where container.state.waiting?.reason == "CrashLoopBackOff" {
                let restarts = "\(container.restartCount) restart\(container.restartCount == 1 ? "" : "s")"
                findings.append((pod.metadata.name, "\(container.name) is crash-looping, \(restarts)",
                                 finding(pod: pod, container: container, state: state, namespace: snapshot.namespace)))
            }
        }
        return findings
    }

    private func finding(pod: Pod, container: ContainerStatus, state: KubernetesState, namespace: String) -> Finding {
        let name = pod.metadata.name
        let excerpt = state.previousLog(pod: pod, container: container.name)
        let restarts = "\(container.restartCount) restart\(container.restartCount == 1 ? "" : "s")"
        var evidence: [String] = []
        if let last = container.lastState.terminated {
            var exit = "last run ended \(last.reason.isEmpty ? "with" : last.reason + ",") exit code \(last.exitCode)"
            if let finished = last.finishedAt, let started = last.startedAt {
                exit += " after \(HumanDuration.format(finished.timeIntervalSince(started)))"
            }
            evidence.append(exit)
        }
        let cause: String
        if let killed = TerminationCause(pod: pod, container: container) {
            // The kubelet's own record leads: a log line before an OOM kill is a symptom at best.
            cause = "\(name) (\(container.name)) is crash-looping, \(restarts): \(killed.sentence)"
            if let line = excerpt?.causeLine { evidence.append("last log line: \(line)") }
        } else if let line = excerpt?.causeLine {
            cause = "\(name) (\(container.name)) is crash-looping, \(restarts): \(line)"
            if let excerpt, excerpt.restartCount != container.restartCount {
                evidence.append("log line from the run before restart \(excerpt.restartCount)")
            }
        } else if let error = excerpt?.error {
            cause = "\(name) (\(container.name)) is crash-looping, \(restarts)"
            evidence.append("its previous log could not be read: \(error)")
        } else {
            cause = "\(name) (\(container.name)) is crash-looping, \(restarts)"
            evidence.append(excerpt == nil ? "its previous log is not read yet" : "its previous log is empty")
        }
        if let waiting = container.state.waiting, !waiting.message.isEmpty { evidence.append(waiting.message) }
        return Finding(
            severity: .warning, rule: "crash-loop", cause: cause, evidence: evidence,
            next: "kubectl logs -n \(namespace) \(name) -c \(container.name) --previous"
        )
    }
}
