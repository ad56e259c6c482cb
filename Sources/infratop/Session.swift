import Foundation
import InfraTopCore
import InfraTopUI

/// One run of infratop: configuration, collectors and the store, shared by the dashboard,
/// `snapshot` and `check`.
@MainActor
final class Session {
    let configuration: Configuration
    let themes: ThemeCycle
    let glyphs: GlyphSet
    private let collectors: Collectors
    private let diagnosis = Diagnosis()

    /// Why each source without a collector shows no data in this build.
    static let notConnectedReasons: [SourceID: String] = [
        .kubernetes: "this build has no Kubernetes client yet",
        .kafka: "this build has no Kafka client yet",
    ]

    init(configuration: Configuration, themes: ThemeCycle, glyphs: GlyphSet) {
        self.configuration = configuration
        self.themes = themes
        self.glyphs = glyphs
        var store = Store(notConnectedReasons: Self.notConnectedReasons)
        store.historyCapacity = max(60, Int(3600 / configuration.refreshInterval))
        collectors = Collectors(store: store)
        addRedis()
        addZooKeeper()
    }

    /// Called on the main queue whenever a poll result changed the store.
    var onChange: (() -> Void)? {
        get { collectors.onChange }
        set { collectors.onChange = newValue }
    }

    /// The kubeconfig context shown in the status line.
    var contextName: String { configuration.context ?? "none" }

    func start() { collectors.start() }
    func refreshNow() { collectors.refreshNow() }
    func stop() { collectors.stop() }

    func snapshot(at time: Date = Date()) -> Snapshot {
        collectors.store.snapshot(at: time, context: contextName, namespace: configuration.namespace, refreshInterval: configuration.refreshInterval)
    }

    func frame(state: AppState, theme: Theme, at time: Date = Date()) -> Frame {
        let snapshot = snapshot(at: time)
        return Frame(snapshot: snapshot, findings: diagnosis.findings(for: snapshot), state: state, theme: theme)
    }

    func findings(at time: Date = Date()) -> [Finding] {
        diagnosis.findings(for: snapshot(at: time))
    }

    /// Polls every source once and returns when all have answered or `timeout` has passed.
    func collectOnce(timeout: TimeInterval) async {
        await collectors.collectOnce(timeout: timeout)
    }

    private func addZooKeeper() {
        let collector = ZooKeeperCollector(configuration: ZooKeeperCollector.Configuration(endpoint: configuration.zookeeper))
        collectors.add(
            .zookeeper, interval: configuration.refreshInterval,
            poll: { collector.poll(completion: $0) },
            record: { store, sample, time in store.record(sample, at: time) },
            close: { collector.close() }
        )
    }

    private func addRedis() {
        let endpoint: RedisEndpoint
        do {
            endpoint = try RedisEndpoint(url: configuration.redisURL, password: configuration.redisPassword?.revealed)
        } catch {
            collectors.refuse(.redis, reason: error.message)
            return
        }
        let collector = RedisCollector(configuration: RedisCollector.Configuration(endpoint: endpoint))
        collectors.add(
            .redis, interval: configuration.refreshInterval,
            poll: { collector.poll(completion: $0) },
            record: { store, sample, time in store.record(sample, at: time) },
            close: { collector.close() }
        )
    }
}
