import Dispatch
import Foundation
import InfraTopCore
import InfraTopUI

/// The dashboard over a recording: the same views and keys, plus pause, step, seek and speed.
///
/// Nothing is polled; a one-shot timer on the main queue moves to the next snapshot after the
/// recorded gap divided by the speed, and is set again after every move or key.
@MainActor
final class ReplayDashboard {
    private let replay: Replay
    private let terminal: TerminalScreen
    private var state = AppState()
    private var themeIndex: Int
    private var fitted = FittedTheme()
    private var lastFrame: RenderedFrame?
    private var events: TerminalEvents?
    private var playback: DispatchWorkItem?
    private var untilQuit: CheckedContinuation<Void, Never>?

    init(replay: Replay, terminal: TerminalScreen) {
        self.replay = replay
        self.terminal = terminal
        self.themeIndex = replay.themes.initialIndex
        let problems = replay.player.cursor.recording.problems
        if let first = problems.first {
            state.notice = problems.count == 1 ? "skipped \(first)" : "skipped \(problems.count) unreadable lines, first \(first)"
        }
    }

    func run() async {
        events = TerminalEvents(
            terminal: terminal,
            onKeys: { [weak self] keys in for key in keys { self?.handle(key) } },
            onQuit: { [weak self] status in self?.quit(status: status) },
            onResize: { [weak self] in self?.render() }
        )
        render()
        schedulePlayback()
        await withCheckedContinuation { self.untilQuit = $0 }
    }

    private func render() {
        guard let frame = replay.frame(state: state, theme: fitted.theme(at: themeIndex, of: replay.themes, colorCount: terminal.colorCount)) else { return }
        let rendered = Screen.render(frame, width: terminal.width, height: terminal.height, glyphs: replay.glyphs)
        lastFrame = rendered
        terminal.draw(rendered.canvas)
    }

    /// Waits the recorded gap to the next snapshot (at the chosen speed), then shows it.
    private func schedulePlayback() {
        playback?.cancel()
        playback = nil
        guard let delay = replay.player.delayToNext else { return }
        let work = DispatchWorkItem { [weak self] in
            MainActor.assumeIsolated {
                guard let self else { return }
                self.replay.player.advance()
                if self.replay.player.isAtEnd { self.state.notice = "end of the recording" }
                self.render()
                self.schedulePlayback()
            }
        }
        playback = work
        DispatchQueue.main.asyncAfter(deadline: .now() + delay, execute: work)
    }

    private func handle(_ key: KeyPress) {
        if let action = ReplayPlayer.action(for: key, state: state) {
            state.notice = replay.player.apply(action)
            render()
            schedulePlayback()
            return
        }
        let metrics = lastFrame
        let command = state.handle(key, panelCount: metrics?.panelCount ?? 1, rowCount: metrics?.rowCount ?? 0, pageSize: metrics?.pageSize ?? 10)
        switch command {
        case .quit:
            quit(status: 0)
        case .refreshNow:
            state.notice = "a replay has nothing to refresh: it shows what was recorded"
        case .nextTheme:
            themeIndex = replay.themes.index(after: themeIndex)
            state.notice = "theme: \(replay.themes.name(at: themeIndex))"
        case .openLogs, .reopenLogs, .saveLogs, .clearLogs:
            // Logs are not part of a recording, and a replay never talks to the cluster.
            state.logPane = nil
            state.notice = "logs are not recorded: a replay shows only snapshots"
        case .closeLogs:
            state.logPane = nil
        case nil:
            break
        }
        render()
    }

    private func quit(status: Int32) -> Never {
        playback?.cancel()
        terminal.shutdown()
        exit(status)
    }
}
