import InfraTopCore
import InfraTopKubernetes

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

    /// The pods' rows, filtered and sorted as the view shows them.
    static func rows(for frame: Frame) -> [PodRow] {
        guard let state = frame.snapshot.kubernetes else { return [] }
        let rows = state.pods
            .map { PodRow(pod: $0, now: frame.snapshot.takenAt, replicaSets: state.replicaSets) }
            .filter { frame.matchesFilter("\($0.name) \($0.status) \($0.node) \($0.owner)") }
        let sort = frame.state.podSort
        return sort.sorted(rows) { row in
            switch sort.column {
            case 1: row.ready
            case 2: row.status
            case 3: row.restarts
            case 4: row.age
            case 5: row.node
            case 6: row.owner
            default: row.name
            }
        }
    }

    func render(in area: Rect, on canvas: inout Canvas) -> ViewMetrics {
        let rows = Self.rows(for: frame)
        let total = frame.snapshot.kubernetes?.pods.count ?? 0
        let title = frame.snapshot.kubernetes == nil ? "Pods" : rows.count == total ? "Pods (\(total))" : "Pods (\(rows.count) of \(total))"
        let panel = frame.panel(frame.titled(title), status: frame.staleFreshness(of: .kubernetes) ?? frame.snapshot.namespace, focused: true)
        panel.render(in: area, on: &canvas)
        let inner = panel.inner(of: area)
        let body = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 1, height: inner.height)
        let visible = Table.visibleRowCount(in: body)
        var tableState = TableState(selectedIndex: rows.isEmpty ? nil : min(frame.state.selectedRow[.pods] ?? 0, rows.count - 1))
        tableState.keepSelectionVisible(rowCount: rows.count, visibleRows: visible)
        let empty: String
        if let notice = frame.notice(for: .kubernetes), frame.snapshot.kubernetes == nil {
            empty = notice.text
        } else {
            empty = frame.state.filter.isEmpty ? "no pods in \(frame.snapshot.namespace)" : "no pod matches /\(frame.state.filter)"
        }
        let table = Table(
            columns: Self.columns,
            rows: rows.map { TableRow($0.cells, style: frame.style(Self.role(of: $0))) },
            state: tableState, sort: frame.state.podSort, emptyMessage: empty,
            headerStyle: frame.style(.header), rowStyle: frame.style(.text),
            selectionStyle: frame.style(.selection), emptyMessageStyle: frame.style(frame.snapshot.kubernetes == nil ? .warn : .muted)
        )
        table.render(in: body, on: &canvas)
        let selected = tableState.selectedIndex.flatMap { index in frame.snapshot.kubernetes?.pod(named: rows[index].name) }
        let source = selected.map { LogSource.pod(name: $0.metadata.name, containers: $0.spec.containers.map(\.name)) }
        return ViewMetrics(panelCount: 1, rowCount: rows.count, pageSize: max(1, visible), logSource: source)
    }

    /// Running and ready reads as plain text; waiting as a warning; failing as critical.
    static func role(of row: PodRow) -> ThemeRole {
        let status = row.status
        if status == "Completed" { return .muted }
        if status == "Running" { return row.isFullyReady ? .text : .warn }
        let failing = ["CrashLoopBackOff", "Error", "ImagePullBackOff", "ErrImagePull", "OOMKilled", "Evicted", "Unknown", "CreateContainerConfigError"]
        if failing.contains(where: { status.contains($0) }) || status.hasPrefix("Init:Error") || status.hasPrefix("ExitCode") || status.hasPrefix("Signal") {
            return .critical
        }
        return .warn
    }
}
