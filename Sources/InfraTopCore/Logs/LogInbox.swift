import DequeModule
import Foundation
import InfraTopBasics

/// Where log streams leave their lines for the main queue to take in batches.
///
/// Streams parse on their own tasks and never wait for the UI: when the UI falls behind, the
/// oldest waiting lines are dropped and counted, so memory stays bounded under any flood. `wake`
/// runs once when lines arrive in an empty inbox, so the owner can coalesce its redraws.
package final class LogInbox: Sendable {
    private struct Waiting {
        var lines: Deque<LogLine> = []
        var dropped = 0
        var isWakeScheduled = false
    }

    private let waiting = Locked(Waiting())
    private let capacity: Int
    private let wake: @Sendable () -> Void

    init(capacity: Int, wake: @escaping @Sendable () -> Void = {}) {
        self.capacity = max(1, capacity)
        self.wake = wake
    }

    package func post(_ line: LogLine) {
        let shouldWake = waiting.withLock { waiting -> Bool in
            waiting.lines.append(line)
            if waiting.lines.count > capacity {
                waiting.lines.removeFirst()
                waiting.dropped += 1
            }
            defer { waiting.isWakeScheduled = true }
            return !waiting.isWakeScheduled
        }
        if shouldWake { wake() }
    }

    /// Everything waiting, and how many lines were dropped since the last take.
    func take() -> (lines: [LogLine], dropped: Int) {
        waiting.withLock { waiting in
            defer { waiting = Waiting() }
            return (Array(waiting.lines), waiting.dropped)
        }
    }
}
