// The key tables: for each mode, which keys do what, and how the hint bar, the help overlay and
// README.md speak of them.
//
// These used to be four lists kept by hand (the `handle` switches, the hint bar, the help overlay
// and README's tables) that could drift apart. Now ``AppState`` and ``ReplayPlayer`` find a key's action
// here, the hint bar and the help overlay draw from here, and `KeyTableReadmeTests` holds README's
// tables to these, row for row.

/// Where a key goes. Each mode has one table; ``AppState/keyModes`` says which may answer now.
enum KeyMode: CaseIterable, Sendable {
    /// Every view, plus each view's own keys (`d` on the Overview, the Pods sort keys).
    case dashboard
    /// A line being typed: a view's filter or the logs pane's regex take the same keys.
    case filter
    /// One finding in full, over the Overview.
    case finding
    /// The `?` overlay.
    case help
    /// The open logs pane; keys it does not bind fall through to the dashboard.
    case logPane
    /// `infratop replay`: its keys come before the dashboard's.
    case replay
}

/// Which key a trigger answers. Typing text needs every character, which no list of keys can name.
enum KeyPattern: Hashable, Sendable {
    case key(KeyPress)
    /// Any character key, typed into a filter.
    case anyCharacter

    func matches(_ key: KeyPress) -> Bool {
        switch self {
        case .key(let bound): bound == key
        case .anyCharacter: if case .character = key { true } else { false }
        }
    }
}

/// Where a selection or a scroll goes.
enum Movement: Equatable, Sendable {
    case down, up, pageDown, pageUp, top, bottom
}

/// Everything a key can do. Typed rather than named so that a table and the code performing it
/// cannot disagree on spelling, and the compiler lists every action a `switch` must handle.
enum KeyAction: Equatable, Sendable {
    case quit
    // The dashboard.
    case showView(ViewID)
    case focusNext
    case focusPrevious
    case moveSelection(Movement)
    /// Drill into the selected item.
    case open
    /// Clear the filter, then go back.
    case back
    case describeFinding
    case editFilter
    /// Sort the Pods table by this column; again reverses.
    case sortPods(column: Int)
    case nextTheme
    case openLogs
    case refresh
    case showHelp
    // Typing a filter or a regex.
    case applyFilter
    case clearFilter
    case deleteBackward
    case typeCharacter
    // Overlays.
    case closeHelp
    case closeFinding
    // The logs pane.
    /// Clear the regex, then close the pane.
    case closeLogs
    case toggleFollow
    case toggleWrap
    case toggleTimestamps
    case toggleFullScreen
    case editPattern
    case nextMatch
    case previousMatch
    /// Scroll the pane; `.bottom` follows the tail again.
    case scrollLogs(Movement)
    case togglePrevious
    case nextContainer
    case saveLogs
    case clearLogs
    // A replay; the replay dashboard applies these before the state sees the key.
    case replay(ReplayPlayer.Action)

    /// The mode this action enters, so the help overlay can list that mode's lines right after it.
    var enteredMode: KeyMode? {
        switch self {
        case .showHelp: .help
        case .describeFinding: .finding
        case .editFilter, .editPattern: .filter
        case .openLogs: .logPane
        default: nil
        }
    }
}

/// One key, or any character, and what it does.
struct KeyTrigger: Equatable, Sendable {
    var pattern: KeyPattern
    var action: KeyAction

    /// The same action for each of `keys`: `↓` and `j` both move down.
    static func keys(_ keys: KeyPress..., do action: KeyAction) -> [KeyTrigger] {
        keys.map { KeyTrigger(pattern: .key($0), action: action) }
    }
}

/// A state of the screen that changes a hint: its label, or whether it is offered at all.
enum HintCondition: Sendable {
    case replayPaused
    case logPaused
    case logFiltered
    case logShowsPrevious
    case logFullScreen
    /// `p` and `c` mean nothing for a workload's merged log.
    case logFromPod
    case logHasSeveralContainers

    func holds(in state: AppState, replay: ReplayStatus?) -> Bool {
        let pane = state.logPane
        switch self {
        case .replayPaused: return replay?.isPaused == true
        case .logPaused: return pane?.follows == false
        case .logFiltered: return pane?.pattern.isEmpty == false
        case .logShowsPrevious: return pane?.previous == true
        case .logFullScreen: return pane?.isFullScreen == true
        case .logFromPod:
            if case .pod = pane?.source { return true }
            return false
        case .logHasSeveralContainers:
            if case .pod(_, let containers) = pane?.source { return containers.count > 1 }
            return false
        }
    }
}

/// One row of a key table: one job, the keys that do it, and what each surface says about it.
struct KeyBinding: Sendable {
    /// The keys and their actions; a pair such as `↑`/`↓` does one job in two directions.
    var triggers: [KeyTrigger]
    /// The views it answers in; nil for every view.
    var views: Set<ViewID>?
    /// README's sentence for it: the fullest wording, checked against README by a test.
    var description: String
    /// Its line in the help overlay; nil when another line speaks for it (`enter  d`) or it is
    /// too small to list there.
    var help: HelpLine?
    /// Its place in the hint bar; nil when it is not offered there.
    var hint: Hint?

    init(triggers: [KeyTrigger], in views: Set<ViewID>? = nil, description: String, help: HelpLine? = nil, hint: Hint? = nil) {
        self.triggers = triggers
        self.views = views
        self.description = description
        self.help = help
        self.hint = hint
    }

    init(_ keys: KeyPress..., do action: KeyAction, in views: Set<ViewID>? = nil, description: String,
         help: HelpLine? = nil, hint: Hint? = nil) {
        self.init(triggers: keys.map { KeyTrigger(pattern: .key($0), action: action) }, in: views,
                  description: description, help: help, hint: hint)
    }

    var keys: [KeyPattern] { triggers.map(\.pattern) }

    func action(for key: KeyPress) -> KeyAction? {
        triggers.first { $0.pattern.matches(key) }?.action
    }

    func answers(in view: ViewID) -> Bool {
        views?.contains(view) ?? true
    }

    /// A line of the help overlay: the keys as the overlay spells them, and a short text.
    struct HelpLine: Equatable, Sendable {
        var keys: String
        var text: String
        /// A replay polls nothing, so `r` is not offered there (it still answers, with a notice).
        var showsInReplay = true
    }

    /// An entry of the hint bar.
    struct Hint: Sendable {
        /// Either a fixed label or one that says what the key does now (`pause` or `play`).
        enum Label: Sendable {
            case fixed(String)
            case either(String, or: String, when: HintCondition)
        }

        var key: String
        var label: Label
        /// Hints run from the lowest rank. The bar leaves out whatever does not fit at the end, so
        /// rank is importance. Ranks compare across the tables shown together: a replay's own
        /// keys rank right after quit.
        var rank: Int
        /// Offered only while this holds, such as `n N` once there is a regex to match.
        var condition: HintCondition?
        /// A replay's own keys take the room; the less needed dashboard hints give it up.
        var showsInReplay = true

        init(_ key: String, _ label: String, rank: Int, only condition: HintCondition? = nil, showsInReplay: Bool = true) {
            self.init(key, .fixed(label), rank: rank, only: condition, showsInReplay: showsInReplay)
        }

        init(_ key: String, _ label: Label, rank: Int, only condition: HintCondition? = nil, showsInReplay: Bool = true) {
            self.key = key
            self.label = label
            self.rank = rank
            self.condition = condition
            self.showsInReplay = showsInReplay
        }

        func label(in state: AppState, replay: ReplayStatus?) -> String {
            switch label {
            case .fixed(let text): text
            case .either(let text, let other, let condition): condition.holds(in: state, replay: replay) ? other : text
            }
        }
    }
}

/// The tables themselves, one per mode, in the order README and the help overlay list them.
enum KeyBindings {
    static func table(for mode: KeyMode) -> [KeyBinding] {
        switch mode {
        case .dashboard: dashboard
        case .filter: filter
        case .finding: finding
        case .help: help
        case .logPane: logPane
        case .replay: replay
        }
    }

    /// The action `key` has in `mode`'s table, in `view`; nil when the table does not bind it.
    static func action(for key: KeyPress, in mode: KeyMode, view: ViewID) -> KeyAction? {
        for binding in table(for: mode) where binding.answers(in: view) {
            if let action = binding.action(for: key) { return action }
        }
        return nil
    }

    /// The hint bar's entries for `modes` shown together, most important first.
    static func hints(for modes: [KeyMode], state: AppState, replay: ReplayStatus?) -> [KeyHint] {
        let hints = modes.flatMap(table(for:))
            .filter { $0.answers(in: state.view) }
            .compactMap(\.hint)
            .filter { replay == nil || $0.showsInReplay }
            .filter { $0.condition?.holds(in: state, replay: replay) ?? true }
        return hints.enumerated()
            .sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }
            .map { KeyHint(key: $0.element.key, label: $0.element.label(in: state, replay: replay)) }
    }

    /// The help overlay's lines: a replay's keys first, then the dashboard's, each mode's lines
    /// right after the key that enters it (the logs pane's after `l`).
    static func helpLines(inReplay: Bool) -> [KeyBinding.HelpLine] {
        var visited: Set<KeyMode> = []
        func lines(of mode: KeyMode) -> [KeyBinding.HelpLine] {
            guard visited.insert(mode).inserted else { return [] }
            return table(for: mode).flatMap { binding in
                let own = binding.help.map { [$0] } ?? []
                let entered = binding.triggers.compactMap(\.action.enteredMode).first.map(lines(of:)) ?? []
                return own + entered
            }
        }
        let all = (inReplay ? lines(of: .replay) : []) + lines(of: .dashboard)
        return all.filter { !inReplay || $0.showsInReplay }
    }

    // MARK: - The tables

    static let dashboard: [KeyBinding] = [
        KeyBinding(
            triggers: ViewID.allCases.map { KeyTrigger(pattern: .key(.character($0.key)), action: .showView($0)) },
            description: "views: overview, pods, kafka, redis, logs, scaling, mongodb",
            help: .init(keys: "1 … 7", text: "views: overview, pods, kafka, redis, logs, scaling, mongodb"),
            hint: .init("1-7", "views", rank: 20)
        ),
        KeyBinding(
            triggers: KeyTrigger.keys(.tab, do: .focusNext) + KeyTrigger.keys(.backTab, do: .focusPrevious),
            description: "move focus between panels",
            help: .init(keys: "tab / shift-tab", text: "move focus between panels"),
            hint: .init("tab", "focus", rank: 30, showsInReplay: false)
        ),
        KeyBinding(
            triggers: KeyTrigger.keys(.up, .character("k"), do: .moveSelection(.up))
                + KeyTrigger.keys(.down, .character("j"), do: .moveSelection(.down)),
            description: "move the selection",
            help: .init(keys: "↑ ↓  j k", text: "move the selection")
        ),
        KeyBinding(
            triggers: KeyTrigger.keys(.pageUp, do: .moveSelection(.pageUp))
                + KeyTrigger.keys(.pageDown, do: .moveSelection(.pageDown))
                + KeyTrigger.keys(.character("g"), .home, do: .moveSelection(.top))
                + KeyTrigger.keys(.character("G"), .end, do: .moveSelection(.bottom)),
            description: "page, top, bottom",
            help: .init(keys: "pgup pgdn  g G", text: "page, top, bottom")
        ),
        KeyBinding(
            .enter, do: .open,
            description: "open the selected item",
            help: .init(keys: "enter  d", text: "open the selected item; d: a finding in full"),
            hint: .init("enter", "open", rank: 50, showsInReplay: false)
        ),
        KeyBinding(
            .escape, do: .back,
            description: "clear the filter, then go back",
            help: .init(keys: "esc", text: "clear the filter, then go back"),
            hint: .init("esc", "back", rank: 60, showsInReplay: false)
        ),
        // The help overlay names `d` on the `enter` line.
        KeyBinding(
            .character("d"), do: .describeFinding, in: [.overview],
            description: "on the Overview, the selected finding in full: its cause, the evidence (what it breaks) "
                + "and where to look next; `↑` `↓` step through the findings (focus the Findings panel with `tab`)"
        ),
        KeyBinding(
            .character("/"), do: .editFilter,
            description: "filter the current view (`enter` applies, `esc` clears)",
            help: .init(keys: "/", text: "filter the current view"),
            hint: .init("/", "filter", rank: 40)
        ),
        // k9s's habit: shift and the column's initial sorts by it; again reverses.
        KeyBinding(
            triggers: ([("N", 0), ("S", 2), ("R", 3), ("A", 4), ("O", 6)] as [(Character, Int)]).map { letter, column in
                KeyTrigger(pattern: .key(.character(letter)), action: .sortPods(column: column))
            },
            in: [.pods],
            description: "in Pods: sort by name, status, restarts, age, owner (again: reverse)",
            help: .init(keys: "N S R A O", text: "sort pods by name, status, restarts, age, owner")
        ),
        KeyBinding(
            .character("t"), do: .nextTheme,
            description: "next theme (in the logs pane: timestamps)",
            help: .init(keys: "t", text: "next theme; in logs: timestamps"),
            hint: .init("t", "theme", rank: 70)
        ),
        KeyBinding(
            .character("l"), do: .openLogs,
            description: "logs: of the selected pod (Pods), or of every pod of the selected workload merged, "
                + "each line prefixed by its pod in its own colour (Scaling)",
            help: .init(keys: "l", text: "logs of the pod, or the workload's pods")
        ),
        KeyBinding(
            .character("r"), do: .refresh,
            description: "poll every source now",
            help: .init(keys: "r", text: "refresh every source now", showsInReplay: false),
            hint: .init("r", "refresh", rank: 80, showsInReplay: false)
        ),
        // The help table's own line says what `?` does once the overlay is up.
        KeyBinding(
            .character("?"), do: .showHelp,
            description: "help",
            hint: .init("?", "help", rank: 10)
        ),
        KeyBinding(
            .character("q"), .interrupt, do: .quit,
            description: "quit (the terminal is restored, also on SIGTERM and crashes)",
            help: .init(keys: "q  ctrl-c", text: "quit"),
            hint: .init("q", "quit", rank: 0)
        ),
    ]

    /// While a filter or regex is typed, every key is text except these; `q` types a q.
    static let filter: [KeyBinding] = [
        KeyBinding(.enter, do: .applyFilter, description: "apply the filter", hint: .init("enter", "apply", rank: 0)),
        KeyBinding(.escape, do: .clearFilter, description: "clear the filter", hint: .init("esc", "clear", rank: 1)),
        KeyBinding(.backspace, do: .deleteBackward, description: "delete the last character"),
        KeyBinding(triggers: [KeyTrigger(pattern: .anyCharacter, action: .typeCharacter)],
                   description: "type it (up to 128 characters)"),
        KeyBinding(.interrupt, do: .quit, description: "quit"),
    ]

    static let finding: [KeyBinding] = [
        KeyBinding(
            triggers: KeyTrigger.keys(.up, .character("k"), do: .moveSelection(.up))
                + KeyTrigger.keys(.down, .character("j"), do: .moveSelection(.down)),
            description: "the previous / next finding"
        ),
        KeyBinding(.character("d"), .escape, .enter, do: .closeFinding, description: "close the finding"),
        KeyBinding(.character("q"), .interrupt, do: .quit, description: "quit"),
    ]

    static let help: [KeyBinding] = [
        KeyBinding(.character("?"), .escape, .enter, do: .closeHelp, description: "close the help",
                   help: .init(keys: "?", text: "close this help")),
        KeyBinding(.character("q"), .interrupt, do: .quit, description: "quit"),
    ]

    /// The pane's keys; `t` means timestamps here, not theme. Other keys reach the dashboard.
    static let logPane: [KeyBinding] = [
        KeyBinding(
            .character("s"), do: .toggleFollow,
            description: "pause / follow the tail (paused, the title says how many lines are below)",
            help: .init(keys: "logs: s w", text: "pause/follow, wrap lines"),
            hint: .init("s", .either("pause", or: "follow", when: .logPaused), rank: 1)
        ),
        KeyBinding(.character("w"), do: .toggleWrap, description: "wrap long lines", hint: .init("w", "wrap", rank: 2)),
        KeyBinding(.character("t"), do: .toggleTimestamps, description: "show timestamps", hint: .init("t", "timestamps", rank: 3)),
        KeyBinding(
            .character("/"), do: .editPattern,
            description: "filter by regular expression (case-insensitive): only matching lines, matches highlighted",
            help: .init(keys: "logs: / n N", text: "regex filter, next/previous match"),
            hint: .init("/", "filter", rank: 4)
        ),
        KeyBinding(
            triggers: KeyTrigger.keys(.character("n"), do: .nextMatch) + KeyTrigger.keys(.character("N"), do: .previousMatch),
            description: "next / previous match of the filter",
            hint: .init("n N", "match", rank: 5, only: .logFiltered)
        ),
        KeyBinding(
            triggers: KeyTrigger.keys(.up, .character("k"), do: .scrollLogs(.up))
                + KeyTrigger.keys(.down, .character("j"), do: .scrollLogs(.down))
                + KeyTrigger.keys(.pageUp, do: .scrollLogs(.pageUp))
                + KeyTrigger.keys(.pageDown, do: .scrollLogs(.pageDown))
                + KeyTrigger.keys(.character("g"), .home, do: .scrollLogs(.top))
                + KeyTrigger.keys(.character("G"), .end, do: .scrollLogs(.bottom)),
            description: "scroll (pauses), top, bottom and follow"
        ),
        KeyBinding(
            .character("p"), do: .togglePrevious,
            description: "the previous container's log (the crash behind a CrashLoopBackOff) / back to the current",
            help: .init(keys: "logs: p c f", text: "previous run, next container, full"),
            hint: .init("p", .either("previous", or: "current", when: .logShowsPrevious), rank: 6, only: .logFromPod)
        ),
        KeyBinding(.character("c"), do: .nextContainer, description: "next container of the pod",
                   hint: .init("c", "container", rank: 7, only: .logHasSeveralContainers)),
        KeyBinding(.character("f"), do: .toggleFullScreen, description: "full screen / split",
                   hint: .init("f", .either("full", or: "split", when: .logFullScreen), rank: 8)),
        KeyBinding(
            .character("S"), do: .saveLogs,
            description: "save the scrollback to `$TMPDIR/infratop-<pod>-<time>.log` (the status line says where)",
            help: .init(keys: "logs: S x esc", text: "save to $TMPDIR, clear, close"),
            hint: .init("S", "save", rank: 9)
        ),
        KeyBinding(.character("x"), do: .clearLogs, description: "clear the pane", hint: .init("x", "clear", rank: 10)),
        KeyBinding(.escape, do: .closeLogs, description: "clear the filter, then close the pane",
                   hint: .init("esc", .either("close", or: "clear filter", when: .logFiltered), rank: 0)),
        KeyBinding(.character("q"), .interrupt, do: .quit, description: "quit", hint: .init("q", "quit", rank: 11)),
    ]

    static let replay: [KeyBinding] = [
        KeyBinding(
            .character(" "), do: .replay(.togglePause),
            description: "pause / play",
            help: .init(keys: "space", text: "pause or play the recording"),
            hint: .init("space", .either("pause", or: "play", when: .replayPaused), rank: 1)
        ),
        KeyBinding(
            triggers: KeyTrigger.keys(.character("."), do: .replay(.step(1))) + KeyTrigger.keys(.character(","), do: .replay(.step(-1))),
            description: "step one snapshot forward / back (pauses)",
            help: .init(keys: ".  ,", text: "step one snapshot forward, back"),
            hint: .init(". ,", "step", rank: 2)
        ),
        KeyBinding(
            triggers: KeyTrigger.keys(.character("]"), .right, do: .replay(.seek(ReplayPlayer.seekStep)))
                + KeyTrigger.keys(.character("["), .left, do: .replay(.seek(-ReplayPlayer.seekStep))),
            description: "seek one minute forward / back",
            help: .init(keys: "]  [  → ←", text: "seek one minute forward, back"),
            hint: .init("] [", "seek 1m", rank: 3)
        ),
        KeyBinding(
            triggers: KeyTrigger.keys(.character(">"), do: .replay(.faster)) + KeyTrigger.keys(.character("<"), do: .replay(.slower)),
            description: "faster / slower (1×, 2×, 4× … 64×)",
            help: .init(keys: ">  <", text: "play faster, slower"),
            hint: .init("> <", "speed", rank: 4)
        ),
    ]
}
