import InfraTopCore

/// View 6: desired against ready replicas over time, and why each missing replica is missing.
struct ScalingView {
    var frame: Frame

    func render(in area: Rect, on canvas: inout Canvas) -> ViewMetrics {
        let lines = frame.notice(for: .kubernetes).map { [$0] }
            ?? [StyledLine("no StatefulSets or Deployments in \(frame.snapshot.namespace)", style: frame.style(.muted))]
        TextPanel(panel: frame.panel(frame.titled("Scaling"), focused: true), lines: lines, style: frame.style(.text))
            .render(in: area, on: &canvas)
        return ViewMetrics(panelCount: 1, rowCount: 0, pageSize: 1)
    }
}
