import Foundation
import InfraTopCore
import InfraTopFixtures
import Testing
@testable import InfraTopApp
@testable import InfraTopUI

/// A display that keeps the last canvas as text, as a terminal would show it.
@MainActor
final class TextDisplay: Display {
    let width: Int
    let height: Int
    let colorCount = 256
    private(set) var lines: [String] = []
    private(set) var draws = 0
    private(set) var isShutDown = false

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    func draw(_ canvas: Canvas) -> Bool {
        draws += 1
        lines = canvas.lines.map { line in
            var line = line
            while line.last == " " { line.removeLast() }
            return line
        }
        return true
    }

    func shutdown() { isShutDown = true }

    /// The hint line at the bottom, where notices show.
    var hintLine: String { lines.last ?? "" }
}

/// The one dashboard loop over a recording: views, keys, themes and notices are the loop's; the
/// transport keys and the answers to refresh and logs are the replay's.
@MainActor
@Suite struct DashboardLoopTests {
    init() { _ = TerminalLocale.activateUTF8ForTesting() }

    /// Two snapshots of e-commerce-saga two seconds apart, written as `--record` writes them.
    private func recording() throws -> ReplayCursor {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("loop-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recorder = try Recorder(path: path) { _ in }
        for offset in [0.0, 2.0] {
            let time = Cluster.labStart.addingTimeInterval(offset)
            var store = Store(notConnectedReasons: [:])
            store.record(try Cluster.eCommerceSaga(now: time), at: time)
            recorder.append(store.snapshot(at: time, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2))
        }
        recorder.flush()
        return try ReplayCursor(path: path)
    }

    private func loop(display: TextDisplay) throws -> (DashboardLoop, ReplayFrames) {
        let themes = try ThemeCycle(flag: "default", configured: nil, environment: [:])
        let frames = ReplayFrames(player: ReplayPlayer(cursor: try recording(), isPaused: true), themes: themes, glyphs: .unicode)
        return (DashboardLoop(source: frames, display: display), frames)
    }

    /// A playing replay moves on by itself, and says so when it reaches the end.
    @Test func playbackAdvancesThroughTheLoopAndSaysWhereItEnds() async throws {
        let display = TextDisplay(width: 120, height: 30)
        let themes = try ThemeCycle(flag: "default", configured: nil, environment: [:])
        let frames = ReplayFrames(player: ReplayPlayer(cursor: try recording(), speed: 64), themes: themes, glyphs: .unicode)
        let loop = DashboardLoop(source: frames, display: display)
        loop.start()
        for _ in 0..<100 where !frames.player.isAtEnd {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(frames.player.isAtEnd)
        #expect(loop.state.notice == "end of the recording")
        #expect(display.lines[28].contains(" REPLAY 2/2 "))
        frames.stop()
    }

    @Test func keysMoveTheStateAndTheReplayAnswersWhatOnlyItCan() throws {
        let display = TextDisplay(width: 120, height: 30)
        let (loop, frames) = try loop(display: display)
        loop.start()
        #expect(display.draws == 1)
        #expect(loop.state.view == .overview)

        loop.handle(.character("2"))
        #expect(loop.state.view == .pods)
        #expect(display.lines[2] == "│ NAME▲                       READY   STATUS                        RESTARTS     AGE NODE             OWNER            │")
        #expect(display.lines[4] == "│ kafka-0                     1/1     Running                              0    2d2h saga-worker-3    StatefulSet/kafka│")
        #expect(display.lines[28] == " ctx lab ns e-commerce-saga REPLAY 1/2 ‖ paused 2026-11-18 11:06:40  k8s 0s kafka off zk off redis off mongo off")

        loop.handle(.character("r"))
        #expect(display.hintLine.contains("a replay has nothing to refresh: it shows what was recorded"))

        loop.handle(.character("l"))
        #expect(display.hintLine.contains("logs are not recorded: a replay shows only snapshots"))
        #expect(loop.state.logPane == nil)

        #expect(frames.player.cursor.position == 0)
        loop.handle(.character("."))
        #expect(frames.player.cursor.position == 1)
        #expect(display.lines[28].hasPrefix(" ctx lab ns e-commerce-saga REPLAY 2/2 ‖ paused 2026-11-18 11:06:42 "))

        loop.handle(.character("t"))
        #expect(loop.state.notice?.hasPrefix("theme: ") == true)
        #expect(loop.state.notice != "theme: default")
        #expect(display.draws == 6)
    }
}
