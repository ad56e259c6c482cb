import InfraTopCore

/// What the user is looking at: view, focus, selection, filter, overlays. Owned by the main queue.
///
/// Key handling is a pure function of this state, so every binding is tested without a terminal.
package struct AppState: Sendable, Equatable {
    package var view: ViewID = .overview
    /// Views to return to with Esc after drilling in.
    var backStack: [ViewID] = []
    package var isHelpShown = false
    /// The Overview's selected finding shown in full (`d`, k9s's describe): cause, evidence, next.
    package var isFindingShown = false
    package var focusedPanel = 0
    /// The active filter of the current view (`/`), applied as a case-insensitive substring.
    package var filter = ""
    package var isEditingFilter = false
    /// Selected row per view.
    package var selectedRow: [ViewID: Int] = [:]
    /// A short message for the status line, such as the theme just chosen.
    package var notice: String?
    /// The Pods view's order: by name unless the user picked a column (N, S, R, A).
    var podSort = TableSort(column: 0)
    /// The open logs pane, beside the dashboard or full screen; nil when none is open.
    package var logPane: LogPaneState?

    package init() {}

    /// Side effects a key asks the app for; everything else is a state change.
    package enum Command: Equatable, Sendable {
        case quit
        case refreshNow
        case nextTheme
        /// Start following `logPane`'s source.
        case openLogs
        /// `logPane` changed container or previous/current: follow anew.
        case reopenLogs
        case closeLogs
        case saveLogs
        case clearLogs
    }

    /// Applies one key. `panelCount` and `rowCount` describe the current view as last rendered.
    /// `logSource` is what `l` opens from the current selection; `logs` locates the open pane's lines.
    ///
    /// The key's action comes from the tables in ``KeyBindings``, so what a key does is written
    /// once, next to what the hint bar, the help overlay and README say about it.
    package mutating func handle(_ key: KeyPress, panelCount: Int = 1, rowCount: Int = 0, pageSize: Int = 10,
                                 logSource: LogSource? = nil, logs: LogViewMetrics = LogViewMetrics()) -> Command? {
        notice = nil
        let screen = RenderedScreen(panelCount: panelCount, rowCount: rowCount, pageSize: pageSize, logSource: logSource, logs: logs)
        for mode in keyModes {
            if let action = KeyBindings.action(for: key, in: mode, view: view) {
                return perform(action, key: key, screen: screen)
            }
            // A key this mode does not bind: only the logs pane passes it on, to the dashboard. A
            // line being typed counts it as typed; the overlays swallow it.
            guard mode == .logPane else {
                if mode == .filter { editText(nil, key: key) }
                return nil
            }
        }
        return nil
    }

    /// The tables that may answer a key now, in turn: a line being typed and an overlay take every
    /// key, the logs pane only the keys it binds. A replay's table is consulted by ``ReplayPlayer``.
    var keyModes: [KeyMode] {
        if isEditingFilter { return [.filter] }
        if isHelpShown { return [.help] }
        if isFindingShown { return [.finding] }
        if let logPane { return logPane.isEditingPattern ? [.filter] : [.logPane, .dashboard] }
        return [.dashboard]
    }

    /// What the last render says about the screen, for the actions that move within it.
    struct RenderedScreen {
        var panelCount: Int
        var rowCount: Int
        var pageSize: Int
        var logSource: LogSource?
        var logs: LogViewMetrics
    }

    private mutating func perform(_ action: KeyAction, key: KeyPress, screen: RenderedScreen) -> Command? {
        switch action {
        case .quit: return .quit
        case .showView(let target): show(target, remember: false)
        case .focusNext: focusedPanel = screen.panelCount > 0 ? (focusedPanel + 1) % screen.panelCount : 0
        case .focusPrevious:
            focusedPanel = screen.panelCount > 0 ? (focusedPanel + screen.panelCount - 1) % screen.panelCount : 0
        case .moveSelection(let movement): moveSelection(movement, in: screen)
        case .open: drillIn()
        case .back: back()
        case .describeFinding: describeFinding(in: screen)
        case .editFilter: isEditingFilter = true
        case .sortPods(let column): sortPods(by: column)
        case .nextTheme: return .nextTheme
        case .openLogs:
            guard let logSource = screen.logSource else {
                notice = "l opens logs from a pod (2 Pods), a workload (6 Scaling) or a focused component panel (1)"
                return nil
            }
            logPane = LogPaneState(source: logSource)
            return .openLogs
        case .refresh: return .refreshNow
        case .showHelp: isHelpShown = true
        case .applyFilter, .clearFilter, .deleteBackward, .typeCharacter: editText(action, key: key)
        case .closeHelp: isHelpShown = false
        case .closeFinding: isFindingShown = false
        case .closeLogs, .toggleFollow, .toggleWrap, .toggleTimestamps, .editPattern, .nextMatch, .previousMatch,
             .scrollLogs, .togglePrevious, .nextContainer, .toggleFullScreen, .saveLogs, .clearLogs:
            return performInLogPane(action, metrics: screen.logs)
        case .replay:
            // The replay dashboard applies these before the state sees the key.
            break
        }
        return nil
    }

    private mutating func describeFinding(in screen: RenderedScreen) {
        // The Findings panel is the Overview's first.
        let findingsFocused = focusedPanel % max(screen.panelCount, 1) == 0
        if screen.rowCount > 0, findingsFocused {
            isFindingShown = true
        } else {
            notice = screen.rowCount > 0 || !findingsFocused
                ? "d describes the selected finding: focus the Findings panel (tab)"
                : "no finding to describe"
        }
    }

    /// Switches view; drilling in remembers where to go back to.
    package mutating func show(_ target: ViewID, remember: Bool) {
        guard target != view else { return }
        if remember { backStack.append(view) } else { backStack.removeAll() }
        view = target
        focusedPanel = 0
        filter = ""
        isFindingShown = false
    }

    private mutating func sortPods(by column: Int) {
        podSort = podSort.column == column
            ? TableSort(column: column, direction: podSort.direction.reversed)
            : TableSort(column: column)
        selectedRow[.pods] = 0
    }

    /// Keeps the selection inside the rows the view has now (rows come and go between polls).
    package mutating func clampSelection(rowCount: Int) {
        let current = selectedRow[view] ?? 0
        selectedRow[view] = rowCount == 0 ? 0 : min(max(0, current), rowCount - 1)
    }

    private mutating func moveSelection(_ movement: Movement, in screen: RenderedScreen) {
        let delta = switch movement {
        case .down: 1
        case .up: -1
        case .pageDown: screen.pageSize
        case .pageUp: -screen.pageSize
        case .top: Int.min / 2
        case .bottom: Int.max / 2
        }
        moveSelection(by: delta, rowCount: screen.rowCount)
    }

    private mutating func moveSelection(by delta: Int, rowCount: Int) {
        let current = selectedRow[view] ?? 0
        selectedRow[view] = rowCount == 0 ? 0 : min(max(0, current + delta), rowCount - 1)
    }

    /// Enter on the Overview opens the Pods view; other drill-downs come with their views.
    private mutating func drillIn() {
        if view == .overview { show(.pods, remember: true) }
    }

    private mutating func back() {
        if !filter.isEmpty { filter = ""; return }
        if let previous = backStack.popLast() {
            view = previous
            focusedPanel = 0
        }
    }

    /// Edits the line being typed, the view's filter or the logs pane's regex: the same keys do
    /// the same to either. A nil action is a key that edits nothing, which still resets what
    /// depended on the old text.
    private mutating func editText(_ action: KeyAction?, key: KeyPress) {
        if isEditingFilter {
            Self.edit(&filter, isEditing: &isEditingFilter, action: action, key: key)
            selectedRow[view] = 0
        } else if var pane = logPane {
            Self.edit(&pane.pattern, isEditing: &pane.isEditingPattern, action: action, key: key)
            pane.currentMatch = nil
            logPane = pane
        }
    }

    private static func edit(_ text: inout String, isEditing: inout Bool, action: KeyAction?, key: KeyPress) {
        switch action {
        case .applyFilter: isEditing = false
        case .clearFilter:
            isEditing = false
            text = ""
        case .deleteBackward:
            if !text.isEmpty { text.removeLast() }
        case .typeCharacter:
            // Bounded: a pasted flood must not grow the state without limit.
            if case .character(let character) = key, text.count < 128 { text.append(character) }
        default: break
        }
    }
}
