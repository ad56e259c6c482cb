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
        let kafka = frame.snapshot.kafka.flatMap { state in frame.kafkaHealth.map { KafkaPanels(frame: frame, kafka: state, health: $0) } }
        for (index, (title, source, rect)) in panels.enumerated() {
            let panel = frame.panel(title, status: frame.freshness(of: source), focused: index == focus)
            if source == .kafka, let kafka {
                panel.render(in: rect, on: &canvas)
                let inner = panel.inner(of: rect)
                let content = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height)
                switch index {
                case 0: kafka.brokers(in: content, on: &canvas)
                case 1:
                    for (row, line) in kafka.partitions(width: content.width, levels: canvas.glyphs.sparkline).prefix(content.height).enumerated() {
                        canvas.write(line, x: content.x, y: content.y + row, clip: content)
                    }
                case 2: kafka.topics(in: content, on: &canvas)
                default: kafka.groups(in: content, on: &canvas)
                }
                continue
            }
            var lines = frame.notice(for: source).map { [$0] } ?? []
            if source == .zookeeper, let sample = frame.snapshot.zookeeper {
                lines = ZooKeeperPanel(frame: frame, sample: sample).lines()
            }
            TextPanel(panel: panel, lines: lines, style: frame.style(.text)).render(in: rect, on: &canvas)
        }
        return ViewMetrics(panelCount: panels.count, rowCount: 0, pageSize: 1)
    }
}
