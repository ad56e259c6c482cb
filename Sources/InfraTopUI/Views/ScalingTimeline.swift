import Foundation
import InfraTopCore
import InfraTopKubernetes

/// Ready against desired over the history window, one column per slice of time, newest at
/// the right: a full block when every wanted replica was ready, a lower bar for the share that
/// was, blank where infratop has no sample (before it started, or while Kubernetes was down).
struct ReplicaTimeline {
    var points: [ClusterHistory.ReplicaPoint]
    /// The window drawn: `end - duration` … `end`.
    var end: Date
    var duration: TimeInterval

    /// `columns` cells, each styled by how bad its worst sample was.
    func spans(columns: Int, levels: [String], ok: Style, warn: Style, critical: Style) -> [Span] {
        guard columns > 0, duration > 0, levels.count > 1 else { return [] }
        let start = end.addingTimeInterval(-duration)
        // The worst sample of each column, so a short dip is never averaged away.
        var worst = [ClusterHistory.ReplicaPoint?](repeating: nil, count: columns)
        for point in points where point.at > start && point.at <= end {
            let column = min(columns - 1, Int(point.at.timeIntervalSince(start) / duration * Double(columns)))
            if let seen = worst[column], Self.share(seen) <= Self.share(point) { continue }
            worst[column] = point
        }
        var spans: [Span] = []
        for point in worst {
            let (glyph, style): (String, Style?) = {
                guard let point else { return (" ", nil) }
                if point.ready >= point.desired { return (levels[levels.count - 1], ok) }
                // Never the full block while something is missing; zero ready still shows the lowest bar.
                let step = Int(Self.share(point) * Double(levels.count - 2))
                return (levels[max(0, min(levels.count - 2, step))], point.ready == 0 ? critical : warn)
            }()
            if let last = spans.last, last.style == style {
                spans[spans.count - 1].text += glyph
            } else {
                spans.append(Span(glyph, style: style))
            }
        }
        return spans
    }

    static func share(_ point: ClusterHistory.ReplicaPoint) -> Double {
        point.desired > 0 ? min(1, Double(point.ready) / Double(point.desired)) : 1
    }
}

/// The Scaling view's lines for one workload: its counts with the timeline beside them, then
/// each missing replica with how long it has been missing and why.
struct WorkloadScalingLines {
    var frame: Frame
    var scaling: WorkloadScaling
    /// Columns the lines may use.
    var width: Int
    var levels: [String]
    /// The selected row is highlighted: it is the workload `l` opens logs for.
    var isSelected = false

    func lines() -> [StyledLine] {
        let health = scaling.health
        let role = health.exists ? OverviewView.role(of: health) : .warn
        var row = [
            Span(TextWidth.pad(health.workloadName, to: 22), style: frame.style(.text)),
            Span(TextWidth.pad(health.component.workloadKind.rawValue, to: 12), style: frame.style(.muted)),
        ]
        guard health.exists else {
            row.append(Span("absent", style: frame.style(.warn)))
            return [StyledLine(highlighted(row))]
        }
        let head = "desired \(health.desired)  current \(health.current)  "
        let ready = "ready \(health.ready)"
        let updated = "  updated \(health.updated)"
        // Counts take 42 columns (more for big numbers, never cut) so the timelines line up.
        let countsWidth = max(42, TextWidth.of(head + ready + updated))
        row.append(Span(head, style: frame.style(.muted)))
        row.append(Span(ready, style: frame.style(role)))
        row.append(Span(updated + String(repeating: " ", count: countsWidth - TextWidth.of(head + ready + updated)), style: frame.style(.muted)))
        row = highlighted(row) + timeline(after: 22 + 12 + countsWidth)
        var lines = [StyledLine(row)]
        let now = frame.snapshot.takenAt
        let style = frame.style(health.ready == 0 ? .critical : .warn)
        for missing in scaling.missing {
            var text = "  \(missing.replica.name) \(missing.replica.state), missing \(missing.since.text(at: now))"
            // `CrashLoopBackOff, missing 66m: CrashLoopBackOff: …` would say it twice.
            if missing.cause.label != missing.replica.state { text += ": \(missing.cause.label)" }
            if let detail = missing.cause.detail, !detail.isEmpty { text += ": \(detail)" }
            lines.append(StyledLine(text, style: style))
        }
        return lines
    }

    private func highlighted(_ spans: [Span]) -> [Span] {
        isSelected ? spans.map { Span($0.text, style: frame.style(.selection)) } : spans
    }

    /// The timeline and its span (`▁▁▁▁ last 60m`) after `used` columns, or nothing where it would not fit.
    private func timeline(after used: Int) -> [Span] {
        let window = Double(frame.snapshot.history.capacity) * frame.snapshot.refreshInterval
        let label = " last " + HumanDuration.format(window)
        let columns = min(60, width - used - TextWidth.of(label))
        guard columns >= 8 else { return [] }
        let strip = ReplicaTimeline(points: scaling.points, end: frame.snapshot.takenAt, duration: window)
            .spans(columns: columns, levels: levels, ok: frame.style(.ok), warn: frame.style(.warn), critical: frame.style(.critical))
        return strip + [Span(label, style: frame.style(.muted))]
    }
}
