import Foundation
import InfraTopCore
import Testing
@testable import InfraTopUI

/// `infratop replay`'s keys, pace and status line.
@Suite struct ReplayPlayerTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    /// Five snapshots 30 s apart in one run, then two in a later run a day on.
    static func recording() throws -> Recording {
        var data = Data()
        for (run, offsets) in [("a", [0.0, 30, 60, 90, 120]), ("b", [86_400.0, 86_402])] {
            for offset in offsets {
                var snapshot = ScreenTests.snapshot([.redis: SourceStatus(state: .failing, reason: "refused", lastAttemptAt: ScreenTests.now)])
                snapshot.takenAt = ScreenTests.now.addingTimeInterval(offset)
                data.append(try RecordingLine(run: run, snapshot: snapshot).encoded())
            }
        }
        return Recording(data: data)
    }

    @Test func replayKeysAreLeftToTheFilterAndTheHelpWhileTheyAreOpen() {
        var state = AppState()
        #expect(ReplayPlayer.action(for: .character(" "), state: state) == .togglePause)
        #expect(ReplayPlayer.action(for: .character("."), state: state) == .step(1))
        #expect(ReplayPlayer.action(for: .character(","), state: state) == .step(-1))
        #expect(ReplayPlayer.action(for: .right, state: state) == .seek(60))
        #expect(ReplayPlayer.action(for: .character("["), state: state) == .seek(-60))
        #expect(ReplayPlayer.action(for: .character(">"), state: state) == .faster)
        #expect(ReplayPlayer.action(for: .character("q"), state: state) == nil)
        #expect(ReplayPlayer.action(for: .character("2"), state: state) == nil)
        state.isEditingFilter = true
        #expect(ReplayPlayer.action(for: .character("."), state: state) == nil)
        state.isEditingFilter = false
        state.isHelpShown = true
        #expect(ReplayPlayer.action(for: .character(" "), state: state) == nil)
    }

    @Test func playsAtTheRecordedPaceAndStopsAtTheEnd() throws {
        var player = ReplayPlayer(recording: try Self.recording())
        #expect(player.status == ReplayStatus(position: 1, count: 7, isPaused: false, speed: 1))
        #expect(player.delayToNext == 30)
        player.apply(.faster)
        player.apply(.faster)
        #expect(player.delayToNext == 7.5)
        player.apply(.slower)
        #expect(player.speed == 2)
        for _ in 0..<4 { player.advance() }
        // The next run starts a day later: that gap is not waited for.
        #expect(player.status.position == 5)
        #expect(player.delayToNext == 1)
        player.advance()
        #expect(player.delayToNext == 1)
        player.advance()
        #expect(player.status == ReplayStatus(position: 7, count: 7, isPaused: true, speed: 2))
        #expect(player.delayToNext == nil)
        #expect(player.apply(.togglePause) == "end of the recording: step back or seek with , [ ←")
    }

    @Test func stepPausesAndSeekJumpsByRecordedTime() throws {
        var player = ReplayPlayer(recording: try Self.recording(), startAt: 1)
        player.apply(.step(1))
        #expect(player.status == ReplayStatus(position: 3, count: 7, isPaused: true, speed: 1))
        #expect(player.delayToNext == nil)
        player.apply(.step(-1))
        #expect(player.status.position == 2)
        player.apply(.seek(60))
        #expect(player.status.position == 4)
        #expect(player.cursor.snapshot?.takenAt == ScreenTests.now.addingTimeInterval(90))
        player.apply(.seek(-60))
        #expect(player.status.position == 2)
        player.apply(.seek(-60))
        #expect(player.status.position == 1)
        player.apply(.step(-1))
        #expect(player.status.position == 1)
        player.apply(.togglePause)
        #expect(player.delayToNext == 30)
    }

    @Test func theStatusLineSaysReplayWithPositionDateAndRecordedTime() throws {
        let player = ReplayPlayer(recording: try Self.recording(), startAt: 3, isPaused: true)
        var frame = Frame(snapshot: try #require(player.cursor.snapshot), findings: [], theme: .default, timeZone: TimeZone(identifier: "UTC") ?? .current)
        frame.replay = player.status
        let wide = Screen.render(frame, width: 120, height: 20).canvas.lines
        #expect(wide[18] == pad(" ctx lab ns e-commerce-saga REPLAY 4/7 ‖ paused 2026-11-18 11:08:10  k8s off kafka off zk off redis ✗never mongo off", 120))
        #expect(wide[19] == pad(" q quit  space play  . , step  ] [ seek 1m  > < speed  ? help  1-7 views  / filter  t theme", 120))
        let narrow = Screen.render(frame, width: 70, height: 20, glyphs: .ascii).canvas.lines
        #expect(narrow[18] == pad(" REPLAY 4/7 || paused 11:08:10  k8s off kafka off zk off redis xnever", 70))
    }
}

extension ReplayPlayerTests {
    @Test func helpListsTheReplayKeysAndLeavesOutRefresh() throws {
        let player = ReplayPlayer(recording: try Self.recording(), isPaused: true)
        var state = AppState()
        state.isHelpShown = true
        var frame = Frame(snapshot: try #require(player.cursor.snapshot), findings: [], state: state, theme: .default, timeZone: TimeZone(identifier: "UTC") ?? .current)
        frame.replay = player.status
        let text = Screen.render(frame, width: 120, height: 30).canvas.lines.joined(separator: "\n")
        #expect(text.contains("│ space            pause or play the recording"), "\(text)")
        #expect(text.contains("│ ]  [  → ←        seek one minute forward, back"), "\(text)")
        #expect(!text.contains("refresh every source now"), "\(text)")
    }
}

private func pad(_ line: String, _ width: Int) -> String {
    line + String(repeating: " ", count: max(0, width - TextWidth.of(line)))
}
