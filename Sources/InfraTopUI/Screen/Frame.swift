import Foundation
import InfraTopCore

/// Everything one frame is drawn from: the model, the UI state and the theme.
package struct Frame: Sendable {
    package var snapshot: Snapshot
    package var findings: [Finding]
    package var components: [Component]
    package var state: AppState
    package var theme: Theme
    /// The zone the clock is shown in; tests pin it.
    package var timeZone: TimeZone
    /// Set when the frame shows a recording (`infratop replay`) rather than the cluster now.
    package var replay: ReplayStatus?
    /// What the open logs pane holds; nil when none is open.
    package var logs: LogPaneContent?
    /// Each component's workload health by component name, derived once per store change by
    /// whoever built the frame; nil to derive it from the snapshot when a view asks.
    package var workloadHealths: [String: WorkloadHealth]?
    /// The typed facts derived once per store change; nil to derive what a view needs when it asks.
    package var assessment: Assessment?

    /// A frame of an assessed store: its findings and healths are the assessment's.
    package init(snapshot: Snapshot, assessment: Assessment, components: [Component], state: AppState = AppState(),
                 theme: Theme, timeZone: TimeZone = .current) {
        self.init(snapshot: snapshot, findings: assessment.findings, components: components, state: state, theme: theme, timeZone: timeZone)
        self.assessment = assessment
        workloadHealths = assessment.healths
    }

    package init(
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
    package func style(_ role: ThemeRole) -> Style { theme.style(role) }
}

/// A drawn frame and what key handling needs to know about it.
package struct RenderedFrame: Sendable {
    package var canvas: Canvas
    /// Panels that Tab cycles through in the current view.
    package var panelCount: Int
    /// Rows in the focused table, for selection bounds.
    package var rowCount: Int
    /// Visible rows of the focused table, for PgUp/PgDn.
    package var pageSize: Int
    /// What `l` opens from the selection.
    package var logSource: LogSource? = nil
    /// Where the open logs pane's lines are.
    package var logs = LogViewMetrics()
}

/// What a view reports back after drawing.
struct ViewMetrics: Sendable {
    var panelCount: Int
    var rowCount: Int
    var pageSize: Int
    /// What `l` opens from the selected row, if it is a pod or a workload.
    var logSource: LogSource?

    init(panelCount: Int = 1, rowCount: Int = 0, pageSize: Int = 10, logSource: LogSource? = nil) {
        self.logSource = logSource
        self.panelCount = panelCount
        self.rowCount = rowCount
        self.pageSize = pageSize
    }
}

/// The lines of the open logs pane and what the pane says about them.
package struct LogPaneContent: Sendable {
    package var ring: LogRing
    /// Lines dropped because the pane fell behind, since it opened.
    package var dropped: Int
    /// The pods followed, in order: each gets its own colour in a merged stream.
    package var pods: [String]

    package init(ring: LogRing, dropped: Int = 0, pods: [String] = []) {
        self.ring = ring
        self.dropped = dropped
        self.pods = pods
    }
}
