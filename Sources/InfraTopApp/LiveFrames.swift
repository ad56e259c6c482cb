import Dispatch
import Foundation
import InfraTopCore
import InfraTopUI
import Logging

/// The live cluster as a dashboard's frames: the session's store and findings, and the logs
/// pane's streams while one is open.
@MainActor
package final class LiveFrames: FrameSource {
    private let session: Session
    /// The open logs pane's streams; nil when none is open.
    private var logs: LogSession?
    private var changed: (@MainActor (_ notice: String?) -> Void)?
    /// The draw that poll results wait for; nil when none is due.
    private var pendingDraw: DispatchWorkItem?
    /// How long poll results wait to be drawn together: sources answer one at a time, often
    /// within milliseconds of each other, and one frame serves them all.
    static let coalescing: DispatchTimeInterval = .milliseconds(100)
    private let logger = Logger(label: "infratop.dashboard")

    package init(session: Session) {
        self.session = session
    }

    package var themes: ThemeCycle { session.themes }
    package var glyphs: GlyphSet { session.glyphs }
    package var hasClock: Bool { true }

    package func start(changed: @escaping @MainActor (_ notice: String?) -> Void) {
        self.changed = changed
        session.onChange = { [weak self] in
            self?.followWorkloadPods()
            self?.drawSoon()
        }
        session.start()
        logger.info("dashboard started", metadata: ["namespace": "\(session.namespace)"])
    }

    package func frame(state: AppState, theme: Theme) -> Frame? {
        var frame = session.frame(state: state, theme: theme)
        if let logs {
            let isMerged = if case .workload = logs.source { true } else { false }
            frame.logs = LogPaneContent(ring: logs.ring, dropped: logs.dropped, pods: isMerged ? logs.pods : [])
        }
        return frame
    }

    package func intercept(_ key: KeyPress, state: inout AppState) -> Bool { false }

    package func perform(_ command: AppState.Command, state: inout AppState) {
        switch command {
        case .refreshNow:
            session.refreshNow()
            state.notice = "refreshing every source now"
        case .openLogs, .reopenLogs:
            openLogs(state: &state)
        case .closeLogs:
            logs?.stop()
            logs = nil
        case .saveLogs:
            saveLogs(state: &state)
        case .clearLogs:
            logs?.clear()
        case .quit, .nextTheme:
            // The loop's own.
            break
        }
    }

    package func stop() {
        pendingDraw?.cancel()
        logs?.stop()
        session.stop()
        logger.info("dashboard stopped")
    }

    /// Draws once for every poll result that arrives within ``coalescing``.
    private func drawSoon() {
        guard pendingDraw == nil else { return }
        let draw = DispatchWorkItem { [weak self] in
            MainActor.assumeIsolated {
                guard let self else { return }
                self.pendingDraw = nil
                self.changed?(nil)
            }
        }
        pendingDraw = draw
        DispatchQueue.main.asyncAfter(deadline: .now() + Self.coalescing, execute: draw)
    }

    // MARK: - Logs

    private func openLogs(state: inout AppState) {
        logs?.stop()
        logs = nil
        guard let pane = state.logPane else { return }
        do {
            // Lines arrive on the streams' tasks; the session hands them over at most every 80 ms.
            logs = try session.openLogs(pane) { [weak self] in
                guard let self, let logs = self.logs else { return }
                if logs.drain() { self.changed?(nil) }
            }
        } catch let error as Session.LogsUnavailable {
            state.logPane = nil
            state.notice = error.message
        } catch {
            state.logPane = nil
            state.notice = "cannot open logs: \(error)"
        }
    }

    /// A merged workload stream follows pods that appear and marks pods that go.
    private func followWorkloadPods() {
        guard let logs, case .workload = logs.source, let state = session.snapshot().kubernetes else { return }
        logs.update(pods: logs.source.pods(in: state).map(\.metadata.name))
    }

    /// Writes the scrollback to `$TMPDIR/infratop-<source>-<time>.log` and says where.
    private func saveLogs(state: inout AppState) {
        guard let logs else { return }
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let name = logs.source.title.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "-" }
        let path = (directory as NSString).appendingPathComponent("infratop-\(String(name))-\(formatter.string(from: Date())).log")
        do {
            try Data(logs.text().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            state.notice = "saved \(logs.ring.count) lines to \(path)"
        } catch {
            state.notice = "cannot save the logs to \(path): \(error.localizedDescription)"
        }
    }
}
