import InfraTopCore

/// What the user is looking at: view, focus, selection, filter, overlays. Owned by the main queue.
///
/// Key handling is a pure function of this state, so every binding is tested without a terminal.
public struct AppState: Sendable, Equatable {
    public var view: ViewID = .overview
    /// Views to return to with Esc after drilling in.
    public var backStack: [ViewID] = []
    public var isHelpShown = false
    /// The Overview's selected finding shown in full (`d`, k9s's describe): cause, evidence, next.
    public var isFindingShown = false
    public var focusedPanel = 0
    /// The active filter of the current view (`/`), applied as a case-insensitive substring.
    public var filter = ""
    public var isEditingFilter = false
    /// Selected row per view.
    public var selectedRow: [ViewID: Int] = [:]
    /// A short message for the status line, such as the theme just chosen.
    public var notice: String?
    /// The Pods view's order: by name unless the user picked a column (N, S, R, A).
    public var podSort = TableSort(column: 0)
    /// The open logs pane, beside the dashboard or full screen; nil when none is open.
    public var logPane: LogPaneState?

    public init() {}

    /// Side effects a key asks the app for; everything else is a state change.
    public enum Command: Equatable, Sendable {
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
    public mutating func handle(_ key: KeyPress, panelCount: Int = 1, rowCount: Int = 0, pageSize: Int = 10,
                                logSource: LogSource? = nil, logs: LogViewMetrics = LogViewMetrics()) -> Command? {
        notice = nil
        if key == .interrupt { return .quit }
        if isEditingFilter { editFilter(key); return nil }
        if isHelpShown {
            switch key {
            case .character("q"): return .quit
            case .character("?"), .escape, .enter: isHelpShown = false
            default: break
            }
            return nil
        }
        if isFindingShown {
            switch key {
            case .character("q"): return .quit
            case .character("d"), .escape, .enter: isFindingShown = false
            // The next or previous finding, without closing.
            case .down, .character("j"): moveSelection(by: 1, rowCount: rowCount)
            case .up, .character("k"): moveSelection(by: -1, rowCount: rowCount)
            default: break
            }
            return nil
        }
        if let command = handleLogPane(key, metrics: logs) { return command }
        switch key {
        case .character("d") where view == .overview:
            if rowCount > 0, focusedPanel % max(panelCount, 1) == 0 {
                isFindingShown = true
            } else {
                notice = rowCount > 0 || focusedPanel % max(panelCount, 1) != 0
                    ? "d describes the selected finding: focus the Findings panel (tab)"
                    : "no finding to describe"
            }
        case .character("l"):
            guard let logSource else {
                notice = "l opens logs from a pod (2 Pods), a workload (6 Scaling) or a focused component panel (1)"
                return nil
            }
            logPane = LogPaneState(source: logSource)
            return .openLogs
        case .character("q"): return .quit
        case .character("?"): isHelpShown = true
        case .character("r"): return .refreshNow
        case .character("t"): return .nextTheme
        case .character("/"):
            isEditingFilter = true
        case .character(let digit) where digit.isNumber:
            if let number = digit.wholeNumberValue, let target = ViewID(rawValue: number) { show(target, remember: false) }
        case .tab: focusedPanel = panelCount > 0 ? (focusedPanel + 1) % panelCount : 0
        case .backTab: focusedPanel = panelCount > 0 ? (focusedPanel + panelCount - 1) % panelCount : 0
        case .down, .character("j"): moveSelection(by: 1, rowCount: rowCount)
        case .up, .character("k"): moveSelection(by: -1, rowCount: rowCount)
        case .pageDown: moveSelection(by: pageSize, rowCount: rowCount)
        case .pageUp: moveSelection(by: -pageSize, rowCount: rowCount)
        case .home, .character("g"): moveSelection(by: Int.min / 2, rowCount: rowCount)
        case .end, .character("G"): moveSelection(by: Int.max / 2, rowCount: rowCount)
        case .character(let letter) where view == .pods && Self.podSortKeys[letter] != nil:
            if let column = Self.podSortKeys[letter] { sortPods(by: column) }
        case .enter: drillIn()
        case .escape: back()
        default: break
        }
        return nil
    }

    /// Switches view; drilling in remembers where to go back to.
    public mutating func show(_ target: ViewID, remember: Bool) {
        guard target != view else { return }
        if remember { backStack.append(view) } else { backStack.removeAll() }
        view = target
        focusedPanel = 0
        filter = ""
        isFindingShown = false
    }

    /// k9s's habit: shift and the column's initial sorts by it; again reverses.
    static let podSortKeys: [Character: Int] = ["N": 0, "S": 2, "R": 3, "A": 4, "O": 6]

    private mutating func sortPods(by column: Int) {
        podSort = podSort.column == column
            ? TableSort(column: column, direction: podSort.direction.reversed)
            : TableSort(column: column)
        selectedRow[.pods] = 0
    }

    /// Keeps the selection inside the rows the view has now (rows come and go between polls).
    public mutating func clampSelection(rowCount: Int) {
        let current = selectedRow[view] ?? 0
        selectedRow[view] = rowCount == 0 ? 0 : min(max(0, current), rowCount - 1)
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

    private mutating func editFilter(_ key: KeyPress) {
        switch key {
        case .enter: isEditingFilter = false
        case .escape:
            isEditingFilter = false
            filter = ""
        case .backspace:
            if !filter.isEmpty { filter.removeLast() }
        case .character(let character):
            // Bounded: a pasted flood must not grow the state without limit.
            if filter.count < 128 { filter.append(character) }
        default: break
        }
        selectedRow[view] = 0
    }
}
