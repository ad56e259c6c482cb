import Dispatch
import Foundation
import InfraTopKubernetes

/// One open logs pane's streams and scrollback, owned by the main queue.
///
/// Followers parse on their own tasks and post to an inbox; the main queue takes what arrived
/// at most once per `coalescing` interval, so a flood costs one redraw per interval, not one per line.
@MainActor
package final class LogSession {
    package let source: LogSource
    package let container: String?
    package let previous: Bool
    package private(set) var ring: LogRing
    /// Lines the pane fell behind by and dropped, since it opened.
    package private(set) var dropped = 0
    /// Pods followed (a workload's may come and go), in the order they were first seen.
    package private(set) var pods: [String] = []
    private let client: KubernetesClient
    private let namespace: String
    private let settings: LogFollower.Settings
    private let inbox: LogInbox
    private var followers: [String: LogFollower] = [:]

    /// `onLines` runs on the main queue, at most once per `coalescing`, after lines arrived.
    package init(client: KubernetesClient, namespace: String, source: LogSource, container: String? = nil, previous: Bool = false,
                 capacity: Int = LogRing.defaultCapacity, settings: LogFollower.Settings = LogFollower.Settings(),
                 coalescing: TimeInterval = 0.08, onLines: (@MainActor () -> Void)? = nil) {
        self.client = client
        self.namespace = namespace
        self.source = source
        self.container = container
        self.previous = previous
        self.settings = settings
        ring = LogRing(capacity: capacity)
        let delay = DispatchTimeInterval.milliseconds(Int(coalescing * 1000))
        let notify: (@Sendable () -> Void)? = onLines.map { onLines in
            { @Sendable in DispatchQueue.main.asyncAfter(deadline: .now() + delay) { MainActor.assumeIsolated { onLines() } } }
        }
        inbox = LogInbox(capacity: capacity, wake: notify ?? {})
        if case .pod(let name, _) = source { follow([name], announce: false) }
    }

    /// Follows the workload's pods now in the cache: new ones are added, gone ones marked.
    package func update(pods current: [String]) {
        guard case .workload = source else { return }
        follow(current, announce: !followers.isEmpty || !pods.isEmpty)
    }

    private func follow(_ current: [String], announce: Bool) {
        let wanted = Set(current)
        for (pod, follower) in followers where !wanted.contains(pod) {
            follower.stop()
            followers[pod] = nil
            ring.append(.marker("── pod \(pod) is gone ──", pod: pod))
        }
        let isMerged = if case .workload = source { true } else { false }
        for pod in current where followers[pod] == nil {
            if !pods.contains(pod) { pods.append(pod) }
            if announce { ring.append(.marker("── pod \(pod) appeared ──", pod: pod)) }
            followers[pod] = LogFollower(
                client: client, namespace: namespace, pod: pod, container: isMerged ? nil : container, previous: previous,
                label: isMerged ? pod : nil, settings: settings, inbox: inbox)
        }
    }

    /// Moves what the streams delivered into the scrollback; false when nothing came.
    @discardableResult
    package func drain() -> Bool {
        let (lines, lost) = inbox.take()
        if lost > 0 {
            dropped += lost
            ring.append(.marker("── \(lost) lines dropped: the pane fell behind the stream ──"))
        }
        ring.append(contentsOf: lines)
        return !lines.isEmpty || lost > 0
    }

    package func clear() {
        _ = inbox.take()
        ring.clear()
    }

    package func stop() {
        for follower in followers.values { follower.stop() }
        followers.removeAll()
    }

    /// The scrollback as plain text, one line each, with timestamps and pod prefixes.
    package func text() -> String {
        var out = ""
        for line in ring.lines {
            if let stamp = line.timestamp { out += stamp + " " }
            if let pod = line.pod, line.kind == .text { out += pod + " " }
            out += line.text + "\n"
        }
        return out
    }
}
