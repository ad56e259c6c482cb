import InfraTopCore

/// View 7: the server and its headroom, operations, the WiredTiger cache and the replica set.
struct MongoView {
    var frame: Frame

    func render(in area: Rect, on canvas: inout Canvas) -> ViewMetrics {
        let warnings = frame.findings.filter { $0.rule.hasPrefix("mongodb-") }
        let sections = Layout.rows(area, [.fixed(warnings.isEmpty ? 0 : min(warnings.count, 3)), .fill, .fill])
        for (row, finding) in warnings.prefix(3).enumerated() {
            let role: ThemeRole = finding.severity == .critical ? .critical : .warn
            canvas.write(" \(finding.severity) ", x: sections[0].x, y: sections[0].y + row, style: frame.style(role).adding(.reverse), clip: sections[0])
            canvas.write(" " + finding.cause, x: sections[0].x + 10, y: sections[0].y + row, style: frame.style(role), clip: sections[0])
        }
        guard let mongodb = frame.snapshot.mongodb else {
            // No data ever: one sentence says why, instead of four empty panels.
            let lines = frame.notice(for: .mongodb).map { [$0] } ?? []
            TextPanel(panel: frame.panel("MongoDB", focused: true), lines: lines, style: frame.style(.text))
                .render(in: area, on: &canvas)
            return ViewMetrics(panelCount: 1, rowCount: 0, pageSize: 1)
        }
        let top = Layout.columns(sections[1], [.fill, .fill])
        let bottom = Layout.columns(sections[2], [.fill, .fill])
        let titles = ["Server", "Operations", "WiredTiger cache", "Replica set"]
        let rects = [top[0], top[1], bottom[0], bottom[1]]
        let focus = frame.state.focusedPanel % titles.count
        let freshness = frame.freshness(of: .mongodb)
        let panels = MongoPanels(frame: frame, mongodb: mongodb)
        for (index, (title, rect)) in zip(titles, rects).enumerated() {
            let panel = frame.panel(title, status: freshness, focused: index == focus)
            panel.render(in: rect, on: &canvas)
            let inner = panel.inner(of: rect)
            let content = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height)
            switch index {
            case 0: panels.server(in: content, on: &canvas)
            case 1: panels.operations(in: content, on: &canvas)
            case 2: panels.cache(in: content, on: &canvas)
            default: panels.replicaSet(in: content, on: &canvas)
            }
        }
        return ViewMetrics(panelCount: titles.count, rowCount: 0, pageSize: 1)
    }
}
