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
    /// Called on the main queue whenever a poll result changed the store.
    var onChange: (() -> Void)?
    private var store: Store
    private var timers: [PollTimer] = []
    private let diagnosis = Diagnosis()

    /// Why each source shows no data in this build; replaced as collectors land.
    static let notConnectedReasons: [SourceID: String] = [
        .kubernetes: "this build has no Kubernetes client yet",
        .kafka: "this build has no Kafka client yet",
        .zookeeper: "this build has no ZooKeeper client yet",
        .redis: "this build has no Redis client yet",
    ]

    init(configuration: Configuration, themes: ThemeCycle, glyphs: GlyphSet) {
        self.configuration = configuration
        self.themes = themes
        self.glyphs = glyphs
        self.store = Store(notConnectedReasons: Self.notConnectedReasons)
    }

    /// The kubeconfig context shown in the status line.
    var contextName: String { configuration.context ?? "none" }

    func start() {
        for timer in timers { timer.start() }
    }

    func refreshNow() {
        for timer in timers { timer.pollNow() }
    }

    func stop() {
        for timer in timers { timer.stop() }
    }

    func snapshot(at time: Date = Date()) -> Snapshot {
        store.snapshot(at: time, context: contextName, namespace: configuration.namespace, refreshInterval: configuration.refreshInterval)
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
        // No collector is wired in yet; sources report themselves not connected.
        _ = timeout
    }
}
