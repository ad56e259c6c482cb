import DequeModule
import Foundation

/// Where log streams leave their lines for the main queue to take in batches.
///
/// Streams parse on their own tasks and never wait for the UI: when the UI falls behind, the
/// oldest waiting lines are dropped and counted, so memory stays bounded under any flood. `wake`
/// runs once when lines arrive in an empty inbox, so the owner can coalesce its redraws.
public final class LogInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: Deque<LogLine> = []
    private var dropped = 0
    private var isWakeScheduled = false
    private let capacity: Int
    private let wake: @Sendable () -> Void

    public init(capacity: Int, wake: @escaping @Sendable () -> Void = {}) {
        self.capacity = max(1, capacity)
        self.wake = wake
    }

    public func post(_ line: LogLine) {
        lock.lock()
        pending.append(line)
        if pending.count > capacity {
            pending.removeFirst()
            dropped += 1
        }
        let shouldWake = !isWakeScheduled
        isWakeScheduled = true
        lock.unlock()
        if shouldWake { wake() }
    }

    /// Everything waiting, and how many lines were dropped since the last take.
    public func take() -> (lines: [LogLine], dropped: Int) {
        lock.lock()
        defer { lock.unlock() }
        let lines = Array(pending)
        let lost = dropped
        pending.removeAll()
        dropped = 0
        isWakeScheduled = false
        return (lines, lost)
    }
}
