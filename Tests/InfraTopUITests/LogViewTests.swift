import Foundation
import InfraTopCore
import Testing
@testable import InfraTopUI
@testable import InfraTopKubernetes

/// The logs pane drawn to text: following, paused, wrapped, filtered, merged, with its markers.
@Suite struct LogViewTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    static let styles = LogView.Styles(
        text: .plain, muted: Style(foreground: .brightBlack), marker: Style(foreground: .yellow),
        match: Style(foreground: .black, background: .yellow), current: Style(background: .blue),
        pods: [Style(foreground: .cyan), Style(foreground: .green)])

    static func line(_ text: String, second: Int, pod: String? = nil) -> LogLine {
        LogLine(pod: pod, timestamp: String(format: "2026-11-25T09:00:%02d.5Z", second), spans: LogSanitizer.spans(of: text))
    }

    static func ring(_ lines: [LogLine], capacity: Int = 100) -> LogRing {
        var ring = LogRing(capacity: capacity)
        ring.append(contentsOf: lines)
        return ring
    }

    static func render(_ ring: LogRing, _ state: LogPaneState, pods: [String] = [], width: Int = 24, height: Int = 3) -> (Canvas, LogViewMetrics) {
        var canvas = Canvas(width: width, height: height)
        let metrics = LogView(ring: ring, state: state, pods: pods, styles: styles).render(in: canvas.bounds, on: &canvas)
        return (canvas, metrics)
    }

    static let pod = LogPaneState(source: .pod(name: "api-0", containers: ["app"]))
    static let five = ring((1...5).map { line("line \($0) of the log here", second: $0) })

    @Test func followingShowsTheTailCutAtTheWidth() {
        let (canvas, metrics) = Self.render(Self.five, Self.pod)
        expectScreen(canvas, [
            "line 3 of the log here  ",
            "line 4 of the log here  ",
            "line 5 of the log here  ",
        ])
        #expect(metrics.top == 2 && metrics.bottom == 4 && metrics.pageDown == nil && metrics.lineUp == 1)
        let (narrow, _) = Self.render(Self.five, Self.pod, width: 12, height: 1)
        expectScreen(narrow, ["line 5 of t…"])
    }

    @Test func wrapsLongLinesFromTheBottom() {
        var state = Self.pod
        state.wraps = true
        let (canvas, _) = Self.render(Self.five, state, width: 12, height: 3)
        expectScreen(canvas, [
            "e log here  ",
            "line 5 of th",
            "e log here  ",
        ])
    }

    @Test func timestampsAreShownOnlyWhenAsked() {
        var state = Self.pod
        state.showsTimestamps = true
        let (canvas, _) = Self.render(Self.five, state, width: 40, height: 1)
        expectScreen(canvas, ["2026-11-25T09:00:05.5Z line 5 of the lo…"])
    }

    @Test func pausedStaysOnItsLinesWhileNewOnesArrive() {
        var state = Self.pod
        state.follows = false
        state.top = 1
        var ring = Self.five
        let (before, _) = Self.render(ring, state, height: 2)
        ring.append(Self.line("line 6 of the log here", second: 6))
        let (after, metrics) = Self.render(ring, state, height: 2)
        #expect(before.lines == after.lines)
        expectScreen(after, ["line 2 of the log here  ", "line 3 of the log here  "])
        #expect(metrics.pageDown == 3 && metrics.pageUp == 0 && metrics.first == 0)
    }

    @Test func theFilterShowsMatchingLinesAndHighlightsTheMatch() {
        var state = Self.pod
        state.pattern = "line [24]"
        let (canvas, metrics) = Self.render(Self.five, state)
        expectScreen(canvas, [
            "line 2 of the log here  ",
            "line 4 of the log here  ",
            "                        ",
        ])
        #expect(canvas[0, 0].style == Self.styles.match && canvas[5, 0].style == Self.styles.match)
        #expect(canvas[6, 0].style == .plain)
        #expect(metrics.nextMatch == 1 && metrics.previousMatch == 3)
        // An invalid expression is taken literally rather than failing.
        state.pattern = "of the ("
        let (literal, _) = Self.render(Self.five, state)
        #expect(literal.lines.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty })
    }

    @Test func mergedStreamsPrefixEachLineWithItsPodInItsColour() {
        let ring = Self.ring([
            Self.line("ready", second: 1, pod: "web-a"),
            Self.line("ready", second: 2, pod: "web-b"),
            .marker("── pod web-b is gone ──", pod: "web-b"),
        ])
        let state = LogPaneState(source: .workload(kind: .deployment, name: "web"))
        let (canvas, _) = Self.render(ring, state, pods: ["web-a", "web-b"], width: 30)
        expectScreen(canvas, [
            "web-a ready                   ",
            "web-b ready                   ",
            "web-b ── pod web-b is gone ── ",
        ])
        #expect(canvas[0, 0].style.foreground == .cyan && canvas[0, 1].style.foreground == .green)
        #expect(canvas[6, 2].style == Self.styles.marker)
    }

    @Test func sgrColoursBecomeCellStylesAndEscapesShowNothing() {
        let ring = Self.ring([LogLine(spans: LogSanitizer.spans(of: "\u{1B}]0;pwned\u{07}ok \u{1B}[31mred\u{1B}[0m\u{1B}[2J"))])
        let (canvas, _) = Self.render(ring, Self.pod, width: 10, height: 1)
        expectScreen(canvas, ["ok red    "])
        #expect(canvas[3, 0].style.foreground == .red && canvas[0, 0].style.foreground == .default)
    }

    @Test func thePaneSaysWhatItFollowsAndWhatItDropped() {
        var ring = LogRing(capacity: 100)
        ring.append(.marker("── 1200 lines dropped: the pane fell behind the stream ──"))
        ring.append(Self.line("after the flood", second: 9))
        var state = AppState()
        state.logPane = Self.pod
        state.logPane?.isFullScreen = true
        let snapshot = Snapshot(takenAt: Date(timeIntervalSince1970: 1_795_000_000), context: "lab", namespace: "e-commerce-saga",
                                refreshInterval: 2, sources: [:])
        let frame = Frame(snapshot: snapshot, findings: [], state: state, theme: .default, timeZone: TimeZone(identifier: "UTC") ?? .current,
                          logs: LogPaneContent(ring: ring, dropped: 1200))
        let canvas = Screen.render(frame, width: 70, height: 15).canvas
        #expect(canvas.line(1) == "┌ pod/api-0 ───────────────────── following · 2 lines · 1200 dropped ┐")
        #expect(canvas.line(2) == "│── 1200 lines dropped: the pane fell behind the stream ──           │")
        #expect(canvas.line(3) == "│after the flood                                                     │")
        #expect(canvas.line(14).hasPrefix(" esc close  s pause  w wrap  t timestamps  / filter  p previous"))
    }
}

@Suite struct LogPaneKeyTests {
    static let pods = LogSource.pod(name: "redis-0", containers: ["redis", "metrics"])

    @Test func lOpensFromTheSelectionAndEscClosesIt() {
        var state = AppState()
        #expect(state.handle(.character("l")) == nil)
        #expect(state.notice?.hasPrefix("l opens logs") == true)
        #expect(state.handle(.character("l"), logSource: Self.pods) == .openLogs)
        #expect(state.logPane?.container == "redis")
        #expect(state.handle(.character("t")) == nil)
        #expect(state.logPane?.showsTimestamps == true)
        #expect(state.handle(.escape) == .closeLogs)
        #expect(state.logPane == nil)
        #expect(state.handle(.character("t")) == .nextTheme)
    }

    @Test func containerAndPreviousReopenTheStream() {
        var state = AppState()
        _ = state.handle(.character("l"), logSource: Self.pods)
        #expect(state.handle(.character("c")) == .reopenLogs)
        #expect(state.logPane?.container == "metrics")
        #expect(state.handle(.character("c")) == .reopenLogs)
        #expect(state.logPane?.container == "redis")
        #expect(state.handle(.character("p")) == .reopenLogs)
        #expect(state.logPane?.previous == true && state.logPane?.title == "pod/redis-0/redis (previous)")
        #expect(state.handle(.character("S")) == .saveLogs)
        #expect(state.handle(.character("x")) == .clearLogs)
    }

    @Test func scrollingPausesAndGResumes() {
        var state = AppState()
        _ = state.handle(.character("l"), logSource: Self.pods)
        let metrics = LogViewMetrics(top: 50, bottom: 59, lineUp: 49, lineDown: 51, pageUp: 40, pageDown: 60, first: 3)
        _ = state.handle(.pageUp, logs: metrics)
        #expect(state.logPane?.follows == false && state.logPane?.top == 40)
        _ = state.handle(.character("g"), logs: metrics)
        #expect(state.logPane?.top == 3)
        _ = state.handle(.character("G"), logs: metrics)
        #expect(state.logPane?.follows == true && state.logPane?.top == nil)
        _ = state.handle(.character("s"), logs: metrics)
        #expect(state.logPane?.follows == false && state.logPane?.top == 50)
        _ = state.handle(.character("s"), logs: metrics)
        #expect(state.logPane?.follows == true)
        _ = state.handle(.character("f"))
        _ = state.handle(.character("w"))
        #expect(state.logPane?.isFullScreen == true && state.logPane?.wraps == true)
    }

    @Test func theFilterIsTypedAndNJumpsBetweenMatches() {
        var state = AppState()
        _ = state.handle(.character("l"), logSource: Self.pods)
        for key: KeyPress in [.character("/"), .character("e"), .character("r"), .character("r"), .backspace, .enter] {
            _ = state.handle(key)
        }
        #expect(state.logPane?.pattern == "er" && state.logPane?.isEditingPattern == false)
        let metrics = LogViewMetrics(top: 10, bottom: 20, nextMatch: 12, previousMatch: 8)
        _ = state.handle(.character("n"), logs: metrics)
        #expect(state.logPane?.currentMatch == 12 && state.logPane?.top == 10)
        _ = state.handle(.character("N"), logs: metrics)
        #expect(state.logPane?.currentMatch == 8 && state.logPane?.top == 8)
        #expect(state.handle(.escape) == nil)
        #expect(state.logPane?.pattern == "" && state.logPane != nil)
        // q still quits from the pane.
        #expect(state.handle(.character("q")) == .quit)
    }
}

@Suite struct LogColourTests {
    @Test func aColourlessThemeDropsTheLogsColoursToo() {
        var styles = LogViewTests.styles
        styles.showsLogColours = false
        let ring = LogViewTests.ring([LogLine(spans: LogSanitizer.spans(of: "\u{1B}[1;31mred"))])
        var canvas = Canvas(width: 4, height: 1)
        _ = LogView(ring: ring, state: LogViewTests.pod, pods: [], styles: styles).render(in: canvas.bounds, on: &canvas)
        #expect(canvas[0, 0].style == Style().adding(.bold))
    }
}

/// What `l` opens from each view's selection, and which pods a workload's merged stream follows.
@Suite struct LogSourceSelectionTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func pod(_ name: String, owner: String, containers: [String]) throws -> Pod {
        let list = containers.map { "{\"name\":\"\($0)\"}" }.joined(separator: ",")
        return try JSONDecoder().decode(Pod.self, from: Data("""
        {"metadata":{"name":"\(name)","namespace":"e-commerce-saga","creationTimestamp":"2026-11-18T09:00:00Z",
          "ownerReferences":[{"kind":"StatefulSet","name":"\(owner)","controller":true}]},
         "spec":{"nodeName":"worker-1","containers":[\(list)]},
         "status":{"phase":"Running"}}
        """.utf8))
    }

    static func frame(_ state: AppState) throws -> Frame {
        let kubernetes = KubernetesState(
            takenAt: now, context: "lab", namespace: "e-commerce-saga",
            pods: [try pod("kafka-0", owner: "kafka", containers: ["kafka"]), try pod("kafka-1", owner: "kafka", containers: ["kafka"]),
                   try pod("redis-0", owner: "redis", containers: ["redis", "metrics"])],
            statefulSets: ["kafka", "redis"].map { StatefulSet(metadata: ObjectMeta(name: $0, namespace: "e-commerce-saga"), spec: .init(replicas: 1)) })
        var snapshot = Snapshot(takenAt: now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2, sources: [:])
        snapshot.kubernetes = kubernetes
        return Frame(snapshot: snapshot, findings: [], state: state, theme: .default, timeZone: TimeZone(identifier: "UTC") ?? .current)
    }

    @Test func eachViewOffersWhatItsSelectionNames() throws {
        var state = AppState()
        state.view = .pods
        state.selectedRow[.pods] = 2
        #expect(Screen.render(try Self.frame(state), width: 100, height: 30).logSource == .pod(name: "redis-0", containers: ["redis", "metrics"]))
        state.view = .scaling
        state.selectedRow[.scaling] = 2
        #expect(Screen.render(try Self.frame(state), width: 100, height: 30).logSource == .workload(kind: .statefulSet, name: "kafka"))
        state.view = .overview
        state.focusedPanel = 3
        #expect(Screen.render(try Self.frame(state), width: 100, height: 30).logSource == .workload(kind: .statefulSet, name: "kafka"))
        state.focusedPanel = 0
        #expect(Screen.render(try Self.frame(state), width: 100, height: 30).logSource == nil)
    }

    @Test func aWorkloadFollowsThePodsItOwns() throws {
        let kubernetes = try Self.frame(AppState()).snapshot.kubernetes
        let state = try #require(kubernetes)
        #expect(LogSource.workload(kind: .statefulSet, name: "kafka").pods(in: state).map(\.metadata.name) == ["kafka-0", "kafka-1"])
        #expect(LogSource.workload(kind: .deployment, name: "kafka").pods(in: state).isEmpty)
    }
}
