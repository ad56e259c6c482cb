import Foundation
import InfraTopKubernetes

/// Follows one container's log: reconnects when the stream drops or the container restarts, and
/// shows no line twice.
///
/// Lines are always asked for with `timestamps=true`. A reconnect asks for `sinceTime` at the
/// last line's whole second and skips what was already shown (older lines, and as many lines
/// of the last line's exact time as were seen), then marks the gap.
package final class LogFollower: Sendable {
    package struct Settings: Sendable {
        package var tailLines: Int?
        /// Waits between reconnects: the first, then doubling up to the last while nothing new comes.
        package var reconnectDelay: ClosedRange<TimeInterval>

        package init(tailLines: Int? = 1000, reconnectDelay: ClosedRange<TimeInterval> = 1...10) {
            self.tailLines = tailLines
            self.reconnectDelay = reconnectDelay
        }
    }

    private let task: Task<Void, Never>

    /// Starts following at once; `label` tags each line with its pod when streams are merged.
    package init(client: KubernetesClient, namespace: String, pod: String, container: String?, previous: Bool,
                 label: String?, settings: Settings = Settings(), inbox: LogInbox) {
        task = Task {
            await Self.run(client: client, namespace: namespace, pod: pod, container: container, previous: previous,
                           label: label, settings: settings, inbox: inbox)
        }
    }

    package func stop() { task.cancel() }

    private static func run(client: KubernetesClient, namespace: String, pod: String, container: String?, previous: Bool,
                            label: String?, settings: Settings, inbox: LogInbox) async {
        var last: LogTimestamp?
        var seenAtLast = 0
        var delay = settings.reconnectDelay.lowerBound
        var hasAnnouncedGap = false
        while !Task.isCancelled {
            let options = LogOptions(
                container: container, follow: !previous, previous: previous,
                tailLines: last == nil ? settings.tailLines : nil, timestamps: true,
                sinceTime: last?.wholeSecond)
            var toSkip = seenAtLast
            var received = 0
            var failure: KubernetesError?
            do {
                for try await raw in client.logs(pod: pod, namespace: namespace, options: options) {
                    let (stamp, body) = LogTimestamp.split(raw)
                    if let stamp, let previousStamp = last {
                        if stamp < previousStamp { continue }
                        if stamp == previousStamp, toSkip > 0 {
                            toSkip -= 1
                            continue
                        }
                    }
                    if let stamp {
                        if stamp == last { seenAtLast += 1 } else { last = stamp; seenAtLast = 1 }
                        toSkip = 0
                    }
                    if received == 0, hasAnnouncedGap {
                        inbox.post(.marker("── reconnected; lines from \(Self.clock(last)) on ──", pod: label))
                        hasAnnouncedGap = false
                    }
                    received += 1
                    inbox.post(LogLine(pod: label, timestamp: stamp?.text, spans: LogSanitizer.spans(of: String(body))))
                }
            } catch let error as KubernetesError {
                failure = error
            } catch {
                failure = KubernetesError(.transport, "\(error)")
            }
            if Task.isCancelled { return }
            if previous {
                inbox.post(.marker(failure.map { "── \($0.message) ──" } ?? "── end of the previous container's log ──", pod: label))
                return
            }
            if received > 0 { delay = settings.reconnectDelay.lowerBound }
            if !hasAnnouncedGap {
                let why = failure?.message ?? "the server closed the stream"
                inbox.post(.marker("── log stream ended: \(why); reconnecting ──", pod: label))
                hasAnnouncedGap = true
            }
            try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            delay = min(settings.reconnectDelay.upperBound, delay * 2)
        }
    }

    private static func clock(_ stamp: LogTimestamp?) -> String {
        guard let stamp else { return "the start" }
        let text = stamp.text
        guard let t = text.firstIndex(of: "T") else { return text }
        return String(text[text.index(after: t)...].prefix(8))
    }
}
