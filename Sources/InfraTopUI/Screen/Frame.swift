import Foundation
import InfraTopCore

/// Everything one frame is drawn from: the model, the UI state and the theme.
public struct Frame: Sendable {
    public var snapshot: Snapshot
    public var findings: [Finding]
    public var components: [Component]
    public var state: AppState
    public var theme: Theme
    /// The zone the clock is shown in; tests pin it.
    public var timeZone: TimeZone
    /// Set when the frame shows a recording (`infratop replay`) rather than the cluster now.
    public var replay: ReplayStatus?
    /// What the open logs pane holds; nil when none is open.
    public var logs: LogPaneContent?

    public init(
        snapshot: Snapshot,
        findings: [Finding],
        components: [Component] = Component.eCommerceSaga,
        state: AppState = AppState(),
        theme: Theme,
        timeZone: TimeZone = .current,
        logs: LogPaneContent? = nil
    ) {
        self.logs = logs
        self.snapshot = snapshot
        self.findings = findings
        self.components = components
        self.state = state
        self.theme = theme
        self.timeZone = timeZone
    }

    /// Shorthand for a role's style in the current theme.
    public func style(_ role: ThemeRole) -> Style { theme.style(role) }
}

/// A drawn frame and what key handling needs to know about it.
public struct RenderedFrame: Sendable {
    public var canvas: Canvas
    /// Panels that Tab cycles through in the current view.
    public var panelCount: Int
    /// Rows in the focused table, for selection bounds.
    public var rowCount: Int
    /// Visible rows of the focused table, for PgUp/PgDn.
    public var pageSize: Int
    /// What `l` opens from the selection.
    public var logSource: LogSource? = nil
    /// Where the open logs pane's lines are.
    public var logs = LogViewMetrics()
}

/// What a view reports back after drawing.
public struct ViewMetrics: Sendable {
    public var panelCount: Int
    public var rowCount: Int
    public var pageSize: Int
    /// What `l` opens from the selected row, if it is a pod or a workload.
    public var logSource: LogSource?

    public init(panelCount: Int = 1, rowCount: Int = 0, pageSize: Int = 10, logSource: LogSource? = nil) {
        self.logSource = logSource
        self.panelCount = panelCount
        self.rowCount = rowCount
        self.pageSize = pageSize
    }
}

/// The lines of the open logs pane and what the pane says about them.
public struct LogPaneContent: Sendable {
    public var ring: LogRing
    /// Lines dropped because the pane fell behind, since it opened.
    public var dropped: Int
    /// The pods followed, in order: each gets its own colour in a merged stream.
    public var pods: [String]

    public init(ring: LogRing, dropped: Int = 0, pods: [String] = []) {
        self.ring = ring
        self.dropped = dropped
        self.pods = pods
    }
}
