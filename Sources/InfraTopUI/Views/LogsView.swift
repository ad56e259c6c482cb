import InfraTopCore

/// View 5: the open logs pane full-width, or how to open one.
struct LogsView {
    var frame: Frame

    func render(in area: Rect, on canvas: inout Canvas) -> ViewMetrics {
        guard frame.state.logPane != nil else {
            var lines = [StyledLine("No log stream open. Choose a pod in the Pods view (2) or a workload in the Scaling view (6) and press l.", style: frame.style(.muted))]
            if let notice = frame.notice(for: .kubernetes) { lines.append(notice) }
            TextPanel(panel: frame.panel("Logs", focused: true), lines: lines, style: frame.style(.text))
                .render(in: area, on: &canvas)
            return ViewMetrics(panelCount: 1, rowCount: 0, pageSize: 1)
        }
        return ViewMetrics(panelCount: 1, rowCount: 0, pageSize: 1)
    }
}

/// The logs pane: a panel titled with what it follows, its state on the right, the lines inside.
struct LogPane {
    var frame: Frame
    var pane: LogPaneState

    func render(in area: Rect, on canvas: inout Canvas) -> LogViewMetrics {
        let content = frame.logs ?? LogPaneContent(ring: LogRing())
        var title = pane.title
        if !pane.pattern.isEmpty { title += " /\(pane.pattern)" }
        let panel = frame.panel(title, status: "", focused: true)
        panel.render(in: area, on: &canvas)
        let inner = panel.inner(of: area)
        // A theme without any colour (NO_COLOR, monochrome) gets none from the log either.
        let isColourless = ThemeRole.allCases.allSatisfy { frame.style($0).foreground == .default && frame.style($0).background == .default }
        let podColours: [Color] = [.cyan, .green, .yellow, .magenta, .blue, .brightRed, .brightCyan, .brightGreen]
        let view = LogView(ring: content.ring, state: pane, pods: content.pods, styles: LogView.Styles(
            text: frame.style(.text), muted: frame.style(.muted), marker: frame.style(.warn), match: frame.style(.match),
            current: frame.style(.selection),
            pods: isColourless ? [frame.style(.text).adding(.bold)] : podColours.map { frame.style(.text).with(foreground: $0) },
            showsLogColours: !isColourless))
        let metrics = view.render(in: inner, on: &canvas)
        if metrics.top == nil {
            let waiting = content.ring.count == 0 ? "waiting for lines of \(pane.source.title)…" : "no line matches /\(pane.pattern)"
            canvas.write(waiting, x: inner.x, y: inner.y, style: frame.style(.muted), clip: inner)
        }
        // Drawn after the lines so the status names what is on screen.
        let status = Self.status(pane: pane, content: content, metrics: metrics)
        // The status matters more than the end of a long pod name.
        title = canvas.truncate(StyledLine(title), to: max(8, area.width - TextWidth.of(status) - 7)).text
        frame.panel(title, status: status, focused: true).render(in: Rect(x: area.x, y: area.y, width: area.width, height: 1).intersection(area), on: &canvas)
        return metrics
    }

    /// `following · 9,312 lines · 40 dropped`, or `paused · 57 new below`.
    static func status(pane: LogPaneState, content: LogPaneContent, metrics: LogViewMetrics) -> String {
        var parts: [String] = []
        if pane.follows {
            parts.append(pane.previous ? "previous" : "following")
        } else {
            let below = metrics.bottom.map { content.ring.endSequence - 1 - $0 } ?? 0
            parts.append(below > 0 ? "paused · \(below) below" : "paused")
        }
        parts.append("\(content.ring.count) lines")
        if content.dropped > 0 { parts.append("\(content.dropped) dropped") }
        if pane.wraps { parts.append("wrap") }
        return parts.joined(separator: " · ")
    }
}

extension Style {
    /// This style in another foreground colour.
    func with(foreground: Color) -> Style {
        var copy = self
        copy.foreground = foreground
        return copy
    }
}
