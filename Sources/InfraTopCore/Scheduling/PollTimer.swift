import Foundation

/// Runs one source's poll on a `DispatchSourceTimer`, never two at once.
///
/// A tick that finds the previous poll still running is skipped and counted, so a slow source
/// never piles up work. The poll signals completion by calling the closure it is given.
package final class PollTimer: @unchecked Sendable {
    package typealias Poll = @Sendable (_ done: @escaping @Sendable () -> Void) -> Void

    private let queue: DispatchQueue
    private let interval: TimeInterval
    private let poll: Poll
    // Guarded by `queue`.
    private var timer: DispatchSourceTimer?
    private var inFlight = false
    private var skipped = 0
    private var started = 0

    package init(label: String, interval: TimeInterval, poll: @escaping Poll) {
        self.queue = DispatchQueue(label: "infratop.poll.\(label)")
        self.interval = interval
        self.poll = poll
    }

    /// Polls now and then every interval.
    package func start() {
        queue.async {
            guard self.timer == nil else { return }
            let timer = DispatchSource.makeTimerSource(queue: self.queue)
            // Leeway lets the kernel batch wake-ups: an idle dashboard should cost nearly nothing.
            timer.schedule(deadline: .now(), repeating: self.interval, leeway: .milliseconds(Int(self.interval * 100)))
            timer.setEventHandler { [weak self] in self?.tick() }
            self.timer = timer
            timer.resume()
        }
    }

    /// Polls at once unless a poll is already running (the `r` key).
    func pollNow() {
        queue.async { self.tick() }
    }

    package func stop() {
        queue.sync {
            timer?.cancel()
            timer = nil
        }
    }

    /// Ticks skipped because the previous poll had not finished.
    package var skippedTicks: Int { queue.sync { skipped } }

    /// Polls started so far.
    package var startedPolls: Int { queue.sync { started } }

    /// One tick; runs on `queue`.
    func tick() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !inFlight else {
            skipped += 1
            return
        }
        inFlight = true
        started += 1
        poll { [weak self] in
            guard let self else { return }
            self.queue.async { self.inFlight = false }
        }
    }

    /// Runs a tick synchronously on the timer's queue; for tests of the skipping rule.
    func tickForTesting() { queue.sync { tick() } }
}
