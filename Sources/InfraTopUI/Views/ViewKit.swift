import Foundation
import InfraTopCore
import InfraTopBasics
import InfraTopKafka
import InfraTopKubernetes

/// Pieces every view uses: themed panels and the honest sentence for a source without data.
extension Frame {
    /// A panel in this theme; the focused one gets the focus border.
    func panel(_ title: String, status: String = "", focused: Bool = false) -> Panel {
        Panel(
            title: title, status: status, isFocused: focused,
            borderStyle: style(.border), focusedBorderStyle: style(.borderFocus),
            titleStyle: style(.title), statusStyle: style(.muted), background: style(.background)
        )
    }

    /// What a panel shows in place of data it does not have, or nil when the source is live.
    ///
    /// Nothing on screen is invented: a source that never answered says why, one that stopped
    /// answering says since when.
    func notice(for source: SourceID) -> StyledLine? {
        let status = snapshot.status(of: source)
        let name = source.displayName
        switch status.state {
        case .live:
            return nil
        case .notConnected:
            return StyledLine("\(name) not connected: \(status.reason ?? "no collector")", style: style(.warn))
        case .connecting:
            return StyledLine("connecting to \(name)…", style: style(.muted))
        case .failing:
            let age = status.age(at: snapshot.takenAt).map { "last good data \(DurationText.short($0)) ago" } ?? "no data yet"
            return StyledLine("\(name) not answering (\(age)): \(status.reason ?? "unknown error")", style: style(.critical))
        }
    }

    /// One word for a source's state, for cramped panels: `not connected`, `connecting…`, `no answer`.
    func shortNotice(for source: SourceID) -> Span? {
        let status = snapshot.status(of: source)
        switch status.state {
        case .live: return nil
        case .notConnected: return Span("not connected", style: style(.warn))
        case .connecting: return Span("connecting…", style: style(.muted))
        case .failing:
            let age = status.age(at: snapshot.takenAt).map { " (\(DurationText.short($0)) old)" } ?? ""
            return Span("no answer\(age)", style: style(.critical))
        }
    }

    /// A panel's right-hand status for a source: `live`, `stale 40s` (its data is that old),
    /// or nothing when there is no data to qualify.
    func freshness(of source: SourceID) -> String {
        let status = snapshot.status(of: source)
        let reach = status.route.map { " · \($0)" } ?? ""
        switch status.state {
        case .live: return "live" + reach
        case .failing: return staleFreshness(of: source) ?? ""
        case .notConnected, .connecting: return ""
        }
    }

    /// The freshness of a source that had good data and now fails (`stale 40s · via redis-0`);
    /// nil while it is live or never answered.
    func staleFreshness(of source: SourceID) -> String? {
        staleness(of: source).map { $0 + (snapshot.status(of: source).route.map { " · \($0)" } ?? "") }
    }

    /// `stale 40s` for a failing source that had good data, else nil.
    func staleness(of source: SourceID) -> String? {
        let status = snapshot.status(of: source)
        guard status.state == .failing, let age = status.age(at: snapshot.takenAt) else { return nil }
        return "stale \(DurationText.short(age))"
    }

    /// How a source is reached, as short as a narrow panel title needs: `direct` or `via redis-0`.
    func shortReach(of source: SourceID) -> String? {
        switch snapshot.status(of: source).route {
        case .direct?: "direct"
        case .pod(let name)?: "via \(name)"
        case nil: nil
        }
    }

    /// A component's workload health, or nil without Kubernetes data: the one derived with the
    /// frame's model when there is one, else derived now (a walk over every pod).
    /// Kafka's health as assessed for this frame, else derived from the snapshot.
    var kafkaHealth: KafkaHealth? { assessment.map(\.kafka) ?? snapshot.kafkaHealth }

    /// A component's scaling story as assessed for this frame, else derived from the snapshot.
    func workloadScaling(of component: Component, in state: KubernetesState) -> WorkloadScaling {
        if let assessed = assessment?.workloads[component.name], assessed.health.component == component { return assessed }
        return WorkloadScaling(component: component, snapshot: snapshot, state: state)
    }

    func workloadHealth(of component: Component) -> WorkloadHealth? {
        guard let state = snapshot.kubernetes else { return nil }
        if let derived = workloadHealths?[component.name], derived.component == component { return derived }
        return WorkloadHealth(component: component, state: state, now: snapshot.takenAt)
    }

    /// The current view's filter as a case-insensitive match.
    func matchesFilter(_ text: String) -> Bool {
        state.filter.isEmpty || text.localizedCaseInsensitiveContains(state.filter)
    }

    /// A panel title that shows the active filter.
    func titled(_ title: String) -> String {
        state.filter.isEmpty ? title : "\(title) /\(state.filter)"
    }
}

/// A panel whose content is a few lines of text, wrapped at spaces to the panel's width.
struct TextPanel: Widget {
    var panel: Panel
    var lines: [StyledLine]
    var style: Style

    func render(in area: Rect, on canvas: inout Canvas) {
        panel.render(in: area, on: &canvas)
        let inner = panel.inner(of: area)
        let inset = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 1, height: inner.height)
        let rows = lines.flatMap { canvas.wrapWords($0, to: inset.width) }
        TextView(lines: rows, state: TextViewState(offset: 0, followsTail: false), wraps: false, style: style)
            .render(in: inset, on: &canvas)
    }
}
