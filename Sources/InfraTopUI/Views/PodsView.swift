import InfraTopCore

/// View 2: every pod of the namespace as kubectl prints it, sortable and filtered with `/`.
struct PodsView {
    var frame: Frame

    static let columns = [
        TableColumn(title: "NAME", minWidth: 16, maxWidth: 48),
        TableColumn(title: "READY", minWidth: 5, maxWidth: 7),
        TableColumn(title: "STATUS", minWidth: 10, maxWidth: 26),
        TableColumn(title: "RESTARTS", minWidth: 8, maxWidth: 16, alignment: .right),
        TableColumn(title: "AGE", minWidth: 4, maxWidth: 7, alignment: .right),
        TableColumn(title: "NODE", minWidth: 6, maxWidth: 24),
        TableColumn(title: "OWNER", minWidth: 8, maxWidth: 32),
    ]

    func render(in area: Rect, on canvas: inout Canvas) -> ViewMetrics {
        let panel = frame.panel(frame.titled("Pods"), status: frame.snapshot.namespace, focused: true)
        panel.render(in: area, on: &canvas)
        let inner = panel.inner(of: area)
        let empty = frame.notice(for: .kubernetes)?.text ?? "no pods in \(frame.snapshot.namespace)"
        let table = Table(
            columns: Self.columns, rows: [], emptyMessage: empty,
            headerStyle: frame.style(.header), rowStyle: frame.style(.text),
            selectionStyle: frame.style(.selection), emptyMessageStyle: frame.style(.warn)
        )
        table.render(in: Rect(x: inner.x + 1, y: inner.y, width: inner.width - 1, height: inner.height), on: &canvas)
        return ViewMetrics(panelCount: 1, rowCount: 0, pageSize: max(1, inner.height - 1))
    }
}
