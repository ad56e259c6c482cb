import InfraTopCore

/// View 4: memory against maxmemory, evictions, throughput, persistence, slow log and keyspace.
struct RedisView {
    var frame: Frame

    func render(in area: Rect, on canvas: inout Canvas) -> ViewMetrics {
        let rows = Layout.rows(area, [.fill, .fill])
        let top = Layout.columns(rows[0], [.fill, .fill])
        let bottom = Layout.columns(rows[1], [.fill, .fill])
        let panels: [(String, Rect)] = [
            ("Memory", top[0]),
            ("Evictions and throughput", top[1]),
            ("Slow log", bottom[0]),
            ("Persistence and replication", bottom[1]),
        ]
        let focus = frame.state.focusedPanel % panels.count
        let lines = frame.notice(for: .redis).map { [$0] } ?? []
        for (index, (title, rect)) in panels.enumerated() {
            TextPanel(panel: frame.panel(title, focused: index == focus), lines: lines, style: frame.style(.text))
                .render(in: rect, on: &canvas)
        }
        return ViewMetrics(panelCount: panels.count, rowCount: 0, pageSize: 1)
    }
}
