import Foundation
import InfraTopBasics

/// Runs each source's collector on its own timer and folds the results into the store.
///
/// Polls run off the main queue; results hop to it, where the store lives. The dashboard,
/// `snapshot`, `check` and the integration tests all collect through this one type.
@MainActor
package final class Collectors {
    package private(set) var store: Store
    /// Called on the main queue after each poll result.
    package var onChange: (() -> Void)?
    private var drivers: [Driver] = []

    private struct Driver {
        var source: SourceID
        var timer: PollTimer
        var pollOnce: (@escaping @MainActor () -> Void) -> Void
        var close: () -> Void
    }

    package init(store: Store) {
        self.store = store
    }

    /// Adds a source. `poll` runs one poll and calls back exactly once, on any thread;
    /// `record` folds a good value into the store on the main queue.
    package func add<Value: Sendable>(
        _ source: SourceID,
        interval: TimeInterval,
        poll: @escaping @Sendable (@escaping @Sendable (Result<Value, CollectorError>) -> Void) -> Void,
        record: @escaping @MainActor (inout Store, Value, Date) -> Void,
        close: @escaping () -> Void = {}
    ) {
        store.start(source, at: Date())
        let deliver: @Sendable (Result<Value, CollectorError>, @escaping @Sendable () -> Void) -> Void = { [weak self] result, finished in
            DispatchQueue.main.async {
                MainActor.assumeIsolated {
                    self?.apply(result, of: source, record: record)
                    finished()
                }
            }
        }
        let timer = PollTimer(label: source.rawValue, interval: interval) { done in
            poll { result in deliver(result, done) }
        }
        let pollOnce: (@escaping @MainActor () -> Void) -> Void = { finished in
            poll { result in
                DispatchQueue.main.async {
                    MainActor.assumeIsolated {
                        self.apply(result, of: source, record: record)
                        finished()
                    }
                }
            }
        }
        drivers.append(Driver(source: source, timer: timer, pollOnce: pollOnce, close: close))
    }

    /// Marks a source not connected, with the reason, when its collector cannot be built.
    package func refuse(_ source: SourceID, reason: String) {
        store.refuse(source, reason: reason)
    }

    package func start() { drivers.forEach { $0.timer.start() } }
    package func refreshNow() { drivers.forEach { $0.timer.pollNow() } }

    package func stop() {
        for driver in drivers {
            driver.timer.stop()
            driver.close()
        }
    }

    /// Polls every source outside the timers until each has answered well or `timeout` has
    /// passed; a failed source is polled again, since a cache may still be listing.
    /// Sources still failing at the deadline are reported as they stand.
    package func collectOnce(timeout: TimeInterval) async {
        guard !drivers.isEmpty else { return }
        let round = Round(remaining: drivers.count, deadline: Date().addingTimeInterval(timeout))
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            round.continuation = continuation
            for driver in drivers { attempt(driver, in: round) }
            DispatchQueue.main.asyncAfter(deadline: .now() + timeout) {
                MainActor.assumeIsolated { round.finish() }
            }
        }
    }

    /// One `collectOnce`: how many sources are still out, and who waits for them.
    private final class Round {
        var remaining: Int
        let deadline: Date
        var continuation: CheckedContinuation<Void, Never>?

        init(remaining: Int, deadline: Date) {
            self.remaining = remaining
            self.deadline = deadline
        }

        func finish() {
            continuation?.resume()
            continuation = nil
        }
    }

    private func attempt(_ driver: Driver, in round: Round) {
        driver.pollOnce { [self] in
            guard round.continuation != nil else { return }
            if store.statuses[driver.source]?.state == .live || Date() >= round.deadline {
                round.remaining -= 1
                if round.remaining == 0 { round.finish() }
            } else {
                DispatchQueue.main.asyncAfter(deadline: .now() + 0.2) {
                    MainActor.assumeIsolated { self.attempt(driver, in: round) }
                }
            }
        }
    }

    private func apply<Value>(_ result: Result<Value, CollectorError>, of source: SourceID, record: @MainActor (inout Store, Value, Date) -> Void) {
        let now = Date()
        switch result {
        case .success(let value): record(&store, value, now)
        case .failure(let error): store.recordFailure(source, error: error, at: now)
        }
        onChange?()
    }
}
