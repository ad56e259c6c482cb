import Foundation
import InfraTopBasics

/// Reads the previous run's log of crash-looping containers, read-only and sparingly, and
/// keeps the cause line of each.
///
/// Only containers waiting in `CrashLoopBackOff` are read, each once per restart count (a new
/// crash is a new read), at most ``Limits/concurrentReads`` at a time, each limited to its last
/// ``Limits/tailLines`` lines and ``Limits/limitBytes`` bytes. A failed read is retried no sooner
/// than ``Limits/retryAfter``. Excerpts of pods that stopped crash-looping are dropped, so what
/// it holds is bounded by the pods that crash now.
final class PreviousLogReader: Sendable {
    struct Limits: Sendable {
        var tailLines = 50
        var limitBytes = 64 * 1024
        var concurrentReads = 2
        var retryAfter: TimeInterval = 60
        var timeout: TimeInterval = 10
    }

    /// A container to read: which pod, which run.
    struct Target: Hashable, Sendable {
        var pod: String
        var uid: String
        var container: String
        var restartCount: Int
    }

    private struct State: Sendable {
        var excerpts: [Target: PreviousLogExcerpt] = [:]
        var inFlight: Set<Target> = []
        var failures: [Target: PreviousLogExcerpt] = [:]
    }

    private let client: KubernetesClient
    private let namespace: String
    private let limits: Limits
    private let state = Locked(State())

    init(client: KubernetesClient, namespace: String, limits: Limits = Limits()) {
        self.client = client
        self.namespace = namespace
        self.limits = limits
    }

    /// The containers of these pods waiting in CrashLoopBackOff, with their restart counts.
    static func targets(in pods: [Pod]) -> [Target] {
        pods.flatMap { pod in
            (pod.status.initContainerStatuses + pod.status.containerStatuses)
                .filter { $0.state.waiting?.reason == "CrashLoopBackOff" }
                .map { Target(pod: pod.metadata.name, uid: pod.metadata.uid, container: $0.name, restartCount: $0.restartCount) }
        }
    }

    /// Reads started so far that are finished or still running, in one look.
    var readCounts: (finished: Int, running: Int) {
        state.withLock { ($0.excerpts.count + $0.failures.count, $0.inFlight.count) }
    }

    /// True while a read runs.
    var isReading: Bool { state.withLock { !$0.inFlight.isEmpty } }

    /// Starts the reads these pods need and returns the excerpts read so far for them.
    func excerpts(for pods: [Pod], at now: Date) -> [PreviousLogExcerpt] {
        let wanted = Self.targets(in: pods)
        let wantedSet = Set(wanted)
        let toStart = state.withLock { state -> [Target] in
            // Containers that stopped crash-looping, or crashed again, need no old excerpt.
            state.excerpts = state.excerpts.filter { wantedSet.contains($0.key) }
            state.failures = state.failures.filter { wantedSet.contains($0.key) }
            var starting: [Target] = []
            for target in wanted where state.excerpts[target] == nil && !state.inFlight.contains(target) {
                guard state.inFlight.count < limits.concurrentReads else { break }
                if let failed = state.failures[target], now.timeIntervalSince(failed.readAt) < limits.retryAfter { continue }
                state.inFlight.insert(target)
                starting.append(target)
            }
            return starting
        }
        for target in toStart { read(target) }
        return state.withLock { state in
            wanted.compactMap { state.excerpts[$0] ?? state.failures[$0] }
        }
    }

    private func read(_ target: Target) {
        let options = LogOptions(container: target.container, previous: true, tailLines: limits.tailLines, limitBytes: limits.limitBytes)
        let lines = client.logs(pod: target.pod, namespace: namespace, options: options, deadline: limits.timeout)
        let tail = limits.tailLines
        Task { [state] in
            var kept: [String] = []
            var failure: String?
            do {
                for try await line in lines {
                    kept.append(line)
                    if kept.count > tail { kept.removeFirst() }
                }
            } catch {
                failure = "\(error)"
            }
            let excerpt = PreviousLogExcerpt(
                pod: target.pod, uid: target.uid, container: target.container, restartCount: target.restartCount,
                causeLine: PreviousLogExcerpt.causeLine(in: kept), error: failure, readAt: Date())
            state.withLock { state in
                state.inFlight.remove(target)
                if failure != nil && kept.isEmpty {
                    state.failures[target] = excerpt
                } else {
                    state.excerpts[target] = excerpt
                }
            }
        }
    }
}
