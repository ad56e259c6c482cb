import Foundation

/// Runs each source's collector on its own timer and folds the results into the store.
///
/// Polls run off the main queue; results hop to it, where the store lives. The dashboard,
/// `snapshot`, `check` and the integration tests all collect through this one type.
@MainActor
public final class Collectors {
    public private(set) var store: Store
    /// Called on the main queue after each poll result.
    public var onChange: (() -> Void)?
    private var drivers: [Driver] = []

    private struct Driver {
        var source: SourceID
        var timer: PollTimer
        var pollOnce: (@escaping @MainActor () -> Void) -> Void
        var close: () -> Void
    }

    public init(store: Store) {
        self.store = store
    }

    /// Adds a source. `poll` runs one poll and calls back exactly once, on any thread;
    /// `record` folds a good value into the store on the main queue.
    public func add<Value: Sendable>(
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
    public func refuse(_ source: SourceID, reason: String) {
        store.refuse(source, reason: reason)
    }

    public func start() { drivers.forEach { $0.timer.start() } }
    public func refreshNow() { drivers.forEach { $0.timer.pollNow() } }

    public func stop() {
        for driver in drivers {
            driver.timer.stop()
            driver.close()
        }
    }

    /// Polls every source once, outside the timers, and returns when all have answered or
    /// `timeout` has passed (a source still polling then is reported as it stands).
    public func collectOnce(timeout: TimeInterval) async {
        guard !drivers.isEmpty else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            var remaining = drivers.count
            var resumed = false
            let finish = {
                guard !resumed else { return }
                resumed = true
                continuation.resume()
            }
            for driver in drivers {
                driver.pollOnce {
                    remaining -= 1
                    if remaining == 0 { finish() }
                }
            }
            DispatchQueue.main.asyncAfter(deadline: .now() + timeout) {
                MainActor.assumeIsolated { finish() }
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
