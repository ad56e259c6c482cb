import InfraTopCore

/// View 3: brokers, partitions, topics, consumer groups and ZooKeeper.
struct KafkaView {
    var frame: Frame

    func render(in area: Rect, on canvas: inout Canvas) -> ViewMetrics {
        let rows = Layout.rows(area, [.percentage(30), .fill, .percentage(30)])
        let top = Layout.columns(rows[0], [.fill, .fill])
        let bottom = Layout.columns(rows[2], [.fill, .fill])
        let panels: [(String, SourceID, Rect)] = [
            ("Brokers", .kafka, top[0]),
            ("Partitions", .kafka, top[1]),
            (frame.titled("Topics"), .kafka, rows[1]),
            ("Consumer groups", .kafka, bottom[0]),
            ("ZooKeeper", .zookeeper, bottom[1]),
        ]
        let focus = frame.state.focusedPanel % panels.count
        for (index, (title, source, rect)) in panels.enumerated() {
            var lines = frame.notice(for: source).map { [$0] } ?? []
            if source == .zookeeper, let sample = frame.snapshot.zookeeper {
                lines = ZooKeeperPanel(frame: frame, sample: sample).lines()
            }
            let panel = frame.panel(title, status: frame.freshness(of: source), focused: index == focus)
            TextPanel(panel: panel, lines: lines, style: frame.style(.text)).render(in: rect, on: &canvas)
        }
        return ViewMetrics(panelCount: panels.count, rowCount: 0, pageSize: 1)
    }
}
