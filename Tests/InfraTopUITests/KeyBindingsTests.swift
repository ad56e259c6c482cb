import InfraTopCore
import Testing
@testable import InfraTopUI

/// The key tables themselves: unambiguous, and the hint bar they drive says what it said when
/// each surface kept its own list.
@Suite struct KeyBindingsTests {
    @Test(arguments: KeyMode.allCases)
    func noKeyIsBoundTwiceInAView(_ mode: KeyMode) {
        for view in ViewID.allCases {
            let bindings = KeyBindings.table(for: mode).filter { $0.answers(in: view) }
            var seen: Set<KeyPattern> = []
            for key in bindings.flatMap(\.keys) {
                #expect(seen.insert(key).inserted, "\(key) is bound twice in \(mode) on \(view.title)")
            }
        }
    }

    @Test func hintRanksDoNotTieWhereTheyAreShownTogether() {
        for modes: [KeyMode] in [[.dashboard], [.replay, .dashboard], [.logPane], [.filter]] {
            let ranks = modes.flatMap(KeyBindings.table(for:)).compactMap(\.hint?.rank)
            #expect(Set(ranks).count == ranks.count, "tied ranks in \(modes)")
        }
    }

    @Test func viewKeysAnswerOnlyInTheirView() {
        #expect(KeyBindings.action(for: .character("d"), in: .dashboard, view: .overview) == .describeFinding)
        #expect(KeyBindings.action(for: .character("d"), in: .dashboard, view: .pods) == nil)
        #expect(KeyBindings.action(for: .character("R"), in: .dashboard, view: .pods) == .sortPods(column: 3))
        #expect(KeyBindings.action(for: .character("R"), in: .dashboard, view: .overview) == nil)
    }

    static func hintText(_ state: AppState, modes: [KeyMode], replay: ReplayStatus? = nil) -> String {
        KeyBindings.hints(for: modes, state: state, replay: replay).map { "\($0.key) \($0.label)" }.joined(separator: "  ")
    }

    @Test func theLogsPaneOffersWhatItsStreamAllows() {
        var state = AppState()
        state.logPane = LogPaneState(source: .pod(name: "redis-0", containers: ["redis"]))
        #expect(Self.hintText(state, modes: [.logPane])
            == "esc close  s pause  w wrap  t timestamps  / filter  p previous  f full  S save  x clear  q quit")

        state.logPane = LogPaneState(source: .pod(name: "redis-0", containers: ["redis", "metrics"]))
        state.logPane?.follows = false
        state.logPane?.pattern = "oom"
        state.logPane?.previous = true
        state.logPane?.isFullScreen = true
        #expect(Self.hintText(state, modes: [.logPane])
            == "esc clear filter  s follow  w wrap  t timestamps  / filter  n N match  p current  c container  f split  S save  x clear  q quit")

        state.logPane = LogPaneState(source: .workload(kind: .deployment, name: "payment-service"))
        #expect(Self.hintText(state, modes: [.logPane])
            == "esc close  s pause  w wrap  t timestamps  / filter  f full  S save  x clear  q quit")
    }

    @Test func aReplaySaysPlayWhilePausedAndLeavesOutWhatItCannotUse() {
        let state = AppState()
        let playing = ReplayStatus(position: 1, count: 2, isPaused: false, speed: 1)
        #expect(Self.hintText(state, modes: [.replay, .dashboard], replay: playing)
            == "q quit  space pause  . , step  ] [ seek 1m  > < speed  ? help  1-7 views  / filter  t theme")
        var paused = playing
        paused.isPaused = true
        #expect(Self.hintText(state, modes: [.replay, .dashboard], replay: paused).hasPrefix("q quit  space play  "))
        #expect(Self.hintText(state, modes: [.dashboard])
            == "q quit  ? help  1-7 views  tab focus  / filter  enter open  esc back  t theme  r refresh")
        #expect(Self.hintText(state, modes: [.filter]) == "enter apply  esc clear")
    }

    @Test func helpListsAReplaysKeysFirstAndTheLogsPaneAfterL() {
        let live = KeyBindings.helpLines(inReplay: false).map(\.keys)
        #expect(live == ["1 … 7", "tab / shift-tab", "↑ ↓  j k", "pgup pgdn  g G", "enter  d", "esc", "/", "N S R A O", "t", "l",
                         "logs: s w", "logs: / n N", "logs: p c f", "logs: S x esc", "r", "?", "q  ctrl-c"])
        let replay = KeyBindings.helpLines(inReplay: true).map(\.keys)
        #expect(replay == ["space", ".  ,", "]  [  → ←", ">  <"] + live.filter { $0 != "r" })
    }
}
