import InfraTopCore

/// View 5: the log pane; a stream is opened from a pod or workload row with `l`.
struct LogsView {
    var frame: Frame

    func render(in area: Rect, on canvas: inout Canvas) -> ViewMetrics {
        var lines = [StyledLine("No log stream open. Choose a pod in the Pods view (2) and press l.", style: frame.style(.muted))]
        if let notice = frame.notice(for: .kubernetes) { lines.append(notice) }
        TextPanel(panel: frame.panel("Logs", focused: true), lines: lines, style: frame.style(.text))
            .render(in: area, on: &canvas)
        return ViewMetrics(panelCount: 1, rowCount: 0, pageSize: 1)
    }
}
