import Dispatch
import Foundation
import InfraTopCore
import InfraTopUI

/// A recording as a dashboard's frames: the same views and keys as live, plus pause, step, seek
/// and speed.
///
/// Nothing is polled; a one-shot timer on the main queue moves to the next snapshot after the
/// recorded gap divided by the speed, and is set again after every move or key.
@MainActor
package final class ReplayFrames: FrameSource {
    package var player: ReplayPlayer
    package let themes: ThemeCycle
    package let glyphs: GlyphSet
    package let diagnosis = Diagnosis()
    private var playback: DispatchWorkItem?
    private var changed: (@MainActor (_ notice: String?) -> Void)?

    package init(player: ReplayPlayer, themes: ThemeCycle, glyphs: GlyphSet) {
        self.player = player
        self.themes = themes
        self.glyphs = glyphs
    }

    package var hasClock: Bool { false }

    /// What the dashboard says first: the lines of the recording that could not be read.
    package var openingNotice: String? {
        let problems = player.cursor.recording.problems
        guard let first = problems.first else { return nil }
        return problems.count == 1 ? "skipped \(first)" : "skipped \(problems.count) unreadable lines, first \(first)"
    }

    package func start(changed: @escaping @MainActor (_ notice: String?) -> Void) {
        self.changed = changed
        schedulePlayback()
    }

    /// The recorded snapshot at the player's position, drawn as live with the replay's status.
    package func frame(state: AppState, theme: Theme) -> Frame? {
        guard let snapshot = player.cursor.snapshot else { return nil }
        var frame = Frame(snapshot: snapshot, findings: diagnosis.findings(for: snapshot), state: state, theme: theme)
        frame.replay = player.status
        return frame
    }

    package func intercept(_ key: KeyPress, state: inout AppState) -> Bool {
        guard let action = ReplayPlayer.action(for: key, state: state) else { return false }
        state.notice = player.apply(action)
        schedulePlayback()
        return true
    }

    package func perform(_ command: AppState.Command, state: inout AppState) {
        switch command {
        case .refreshNow:
            state.notice = "a replay has nothing to refresh: it shows what was recorded"
        case .openLogs, .reopenLogs, .saveLogs, .clearLogs:
            // Logs are not part of a recording, and a replay never talks to the cluster.
            state.logPane = nil
            state.notice = "logs are not recorded: a replay shows only snapshots"
        case .closeLogs:
            state.logPane = nil
        case .quit, .nextTheme:
            // The loop's own.
            break
        }
    }

    package func stop() {
        playback?.cancel()
        playback = nil
    }

    /// Waits the recorded gap to the next snapshot (at the chosen speed), then shows it.
    private func schedulePlayback() {
        playback?.cancel()
        playback = nil
        guard let delay = player.delayToNext else { return }
        let work = DispatchWorkItem { [weak self] in
            MainActor.assumeIsolated {
                guard let self else { return }
                self.player.advance()
                self.changed?(self.player.isAtEnd ? "end of the recording" : nil)
                self.schedulePlayback()
            }
        }
        playback = work
        DispatchQueue.main.asyncAfter(deadline: .now() + delay, execute: work)
    }
}
