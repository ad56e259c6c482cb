import Dispatch
import Foundation
import InfraTopCore
import InfraTopUI
import Logging

/// The interactive dashboard: wires collectors, the store, key handling and the terminal.
///
/// Everything here runs on the main queue. Collectors poll on their own queues and hop back to
/// it with results; between ticks the main queue sleeps until a key, a signal or
/// a timer wakes it, so an idle dashboard costs next to nothing.
@MainActor
final class Dashboard {
    private let session: Session
    private let terminal: TerminalScreen
    private var state = AppState()
    private var themeIndex: Int
    /// The current theme fitted to the terminal's colours, made once per theme change.
    private var fitted = FittedTheme()
    private var lastFrame: RenderedFrame?
    private var sources: [DispatchSourceProtocol] = []
    private var events: TerminalEvents?
    /// The open logs pane's streams; nil when none is open.
    private var logs: LogSession?
    private let logger = Logger(label: "infratop.dashboard")

    init(session: Session, terminal: TerminalScreen) {
        self.session = session
        self.terminal = terminal
        self.themeIndex = session.themes.initialIndex
    }

    /// Holds the dashboard's task suspended while the main queue serves events; never resumed,
    /// because quitting exits the process after restoring the terminal.
    private var untilQuit: CheckedContinuation<Void, Never>?

    /// Starts everything and returns only by exiting the process.
    func run() async {
        session.onChange = { [weak self] in
            self?.followWorkloadPods()
            self?.render()
        }
        session.start()
        events = TerminalEvents(
            terminal: terminal,
            onKeys: { [weak self] keys in for key in keys { self?.handle(key) } },
            onQuit: { [weak self] status in self?.quit(status: status) },
            onResize: { [weak self] in self?.render() }
        )
        startClock()
        render()
        logger.info("dashboard started", metadata: ["namespace": "\(session.namespace)"])
        await withCheckedContinuation { self.untilQuit = $0 }
    }

    private func render() {
        var frame = session.frame(state: state, theme: fitted.theme(at: themeIndex, of: session.themes, colorCount: terminal.colorCount))
        if let logs {
            let isMerged = if case .workload = logs.source { true } else { false }
            frame.logs = LogPaneContent(ring: logs.ring, dropped: logs.dropped, pods: isMerged ? logs.pods : [])
        }
        let rendered = Screen.render(frame, width: terminal.width, height: terminal.height, glyphs: session.glyphs)
        lastFrame = rendered
        terminal.draw(rendered.canvas)
    }

    private func handle(_ key: KeyPress) {
        let metrics = lastFrame
        let command = state.handle(
            key,
            panelCount: metrics?.panelCount ?? 1,
            rowCount: metrics?.rowCount ?? 0,
            pageSize: metrics?.pageSize ?? 10,
            logSource: metrics?.logSource,
            logs: metrics?.logs ?? LogViewMetrics()
        )
        switch command {
        case .quit:
            quit(status: 0)
        case .refreshNow:
            session.refreshNow()
            state.notice = "refreshing every source now"
        case .nextTheme:
            themeIndex = session.themes.index(after: themeIndex)
            state.notice = "theme: \(session.themes.name(at: themeIndex))"
        case .openLogs, .reopenLogs:
            openLogs()
        case .closeLogs:
            logs?.stop()
            logs = nil
        case .saveLogs:
            saveLogs()
        case .clearLogs:
            logs?.clear()
        case nil:
            break
        }
        render()
    }

    // MARK: - Logs

    private func openLogs() {
        logs?.stop()
        logs = nil
        guard let pane = state.logPane else { return }
        do {
            // Lines arrive on the streams' tasks; the session hands them over at most every 80 ms.
            logs = try session.openLogs(pane) { [weak self] in
                guard let self, let logs = self.logs else { return }
                if logs.drain() { self.render() }
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
    private func saveLogs() {
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

    // MARK: - Event sources

    /// The status line's clock and ages move once a second; only those cells are redrawn.
    private func startClock() {
        let clock = DispatchSource.makeTimerSource(queue: .main)
        clock.schedule(deadline: .now() + 1, repeating: 1, leeway: .milliseconds(100))
        clock.setEventHandler { [weak self] in MainActor.assumeIsolated { self?.render() } }
        clock.resume()
        sources.append(clock)
    }

    /// Shows a message on the hint line until the next key, such as a recording that stopped.
    func showNotice(_ text: String) {
        state.notice = text
        render()
    }

    private func quit(status: Int32) -> Never {
        logs?.stop()
        session.stop()
        terminal.shutdown()
        logger.info("dashboard stopped")
        exit(status)
    }
}
