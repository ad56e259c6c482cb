import Foundation
import InfraTopCore
import InfraTopKubernetes

/// View 6: each workload's desired against ready replicas with their timeline, how long and why
/// each missing replica is missing, and the namespace's events, warnings first.
struct ScalingView {
    var frame: Frame

    func render(in area: Rect, on canvas: inout Canvas) -> ViewMetrics {
        guard let state = frame.snapshot.kubernetes else {
            let lines = frame.notice(for: .kubernetes).map { [$0] } ?? []
            TextPanel(panel: frame.panel(frame.titled("Scaling"), focused: true), lines: lines, style: frame.style(.text))
                .render(in: area, on: &canvas)
            return ViewMetrics(panelCount: 1, rowCount: 0, pageSize: 1)
        }
        let parts = Layout.rows(area, [.percentage(55), .fill])
        let focus = frame.state.focusedPanel % 2
        let freshness = frame.freshness(of: .kubernetes)
        var lines: [StyledLine] = []
        // Inside the panel's borders and its one-column inset.
        let width = area.width - 3
        let shown = frame.components.filter { frame.matchesFilter($0.name) }
        let selected = shown.isEmpty ? nil : min(frame.state.selectedRow[.scaling] ?? 0, shown.count - 1)
        var logSource: LogSource?
        for (index, component) in shown.enumerated() {
            let scaling = frame.workloadScaling(of: component, in: state)
            let isSelected = index == selected && focus == 0
            if isSelected, scaling.health.exists {
                // The selected workload is what `l` follows: its pods' logs, merged.
                logSource = .workload(kind: component.workloadKind, name: scaling.health.workloadName)
            }
            lines += WorkloadScalingLines(
                frame: frame, scaling: scaling, width: width, levels: canvas.glyphs.sparkline, isSelected: isSelected
            ).lines()
        }
        TextPanel(panel: frame.panel(frame.titled("Workloads"), status: freshness, focused: focus == 0), lines: lines, style: frame.style(.text))
            .render(in: parts[0], on: &canvas)
        EventsPanel(frame: frame, events: state.events, gap: state.gap(in: KubernetesResource.events.plural), isFocused: focus == 1).render(in: parts[1], on: &canvas)
        return ViewMetrics(panelCount: 2, rowCount: focus == 0 ? shown.count : 0, pageSize: 1, logSource: logSource)
    }
}

/// The namespace's events: warnings first, then the newest; count, age and object as kubectl shows them.
struct EventsPanel: Widget {
    var frame: Frame
    var events: [Event]
    /// Why events cannot be read, when they cannot.
    var gap: ResourceGap?
    var isFocused: Bool

    func render(in area: Rect, on canvas: inout Canvas) {
        let now = frame.snapshot.takenAt
        let sorted = events
            .filter { frame.matchesFilter("\($0.involvedObject.name) \($0.reason) \($0.message)") }
            .sorted { a, b in
                if a.isWarning != b.isWarning { return a.isWarning }
                return (a.lastSeen ?? .distantPast) > (b.lastSeen ?? .distantPast)
            }
        let rows = sorted.map { event in
            TableRow([
                event.lastSeen.map { HumanDuration.format(now.timeIntervalSince($0)) } ?? "<unknown>",
                event.type,
                event.reason,
                "\(event.involvedObject.kind.lowercased())/\(event.involvedObject.name)",
                "\(event.occurrences)",
                event.message,
            ], style: frame.style(event.isWarning ? .warn : .text))
        }
        let panel = frame.panel(frame.titled("Events (\(events.count))"), focused: isFocused)
        panel.render(in: area, on: &canvas)
        let inner = panel.inner(of: area)
        Table(
            columns: [
                TableColumn(title: "LAST SEEN", minWidth: 9, maxWidth: 9, alignment: .right),
                TableColumn(title: "TYPE", minWidth: 7, maxWidth: 7),
                TableColumn(title: "REASON", minWidth: 10, maxWidth: 18),
                TableColumn(title: "OBJECT", minWidth: 12, maxWidth: 34),
                TableColumn(title: "COUNT", minWidth: 5, maxWidth: 5, alignment: .right),
                TableColumn(title: "MESSAGE", minWidth: 10, maxWidth: 400),
            ],
            rows: rows, emptyMessage: emptyMessage,
            headerStyle: frame.style(.header), rowStyle: frame.style(.text),
            selectionStyle: frame.style(.selection), emptyMessageStyle: frame.style(.muted)
        ).render(in: Rect(x: inner.x + 1, y: inner.y, width: inner.width - 1, height: inner.height), on: &canvas)
    }

    private var emptyMessage: String {
        switch gap?.reason {
        case .forbidden: "RBAC forbids listing events in \(frame.snapshot.namespace): see the finding for the Role rule"
        case .notServed: "the API server does not serve events"
        case nil: "no events in \(frame.snapshot.namespace)"
        }
    }
}
