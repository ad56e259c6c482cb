import Foundation
import InfraTopCore
import InfraTopBasics

/// Context, namespace, clock, refresh interval and the age of each source's last good data.
struct StatusLine: Widget {
    var frame: Frame

    func render(in area: Rect, on canvas: inout Canvas) {
        let snapshot = frame.snapshot
        let muted = frame.style(.muted)
        let text = frame.style(.text)
        canvas.fill(area, style: frame.style(.background))
        let context = [Span(" ctx ", style: muted), Span(snapshot.context, style: text)]
        let namespace = [Span(" ns ", style: muted), Span(snapshot.namespace, style: frame.style(.accent))]
        let clock = [Span(" \(Self.clock(snapshot.takenAt, in: frame.timeZone))", style: text)]
        // A recording's time is not now: a replay says so, with the date, before the clock.
        let replay = frame.replay.map { [Span(" \($0.label(glyphs: canvas.glyphs))", style: frame.style(.warn))] } ?? []
        let date = frame.replay == nil ? [] : [Span(" \(Self.date(snapshot.takenAt, in: frame.timeZone))", style: muted)]
        let interval = [Span(" every \(Self.interval(snapshot.refreshInterval))", style: muted)]
        var ages: [Span] = [Span(" ", style: muted)]
        for source in SourceID.allCases {
            let (label, role) = Self.age(of: snapshot.status(of: source), now: snapshot.takenAt, glyphs: canvas.glyphs)
            ages.append(Span(" \(Self.shortName(source)) ", style: muted))
            ages.append(Span(label, style: frame.style(role)))
        }
        // The ages say whether anything on screen can be trusted: on a narrow terminal the refresh
        // interval goes first, then the context, before any of them is cut; a replay's date goes
        // after those, its position never.
        let candidates = [
            context + namespace + replay + date + clock + interval + ages,
            context + namespace + replay + date + clock + ages,
            namespace + replay + date + clock + ages,
            replay + date + clock + ages,
            replay + clock + ages,
        ]
        let spans = candidates.first { StyledLine($0).width <= area.width } ?? candidates[candidates.count - 1]
        canvas.write(StyledLine(spans), x: area.x, y: area.y, clip: area)
    }

    static func shortName(_ source: SourceID) -> String {
        switch source {
        case .kubernetes: "k8s"
        case .kafka: "kafka"
        case .zookeeper: "zk"
        case .redis: "redis"
        case .mongodb: "mongo"
        }
    }

    /// The age of a source's data as the status line shows it, with the role that colours it.
    static func age(of status: SourceStatus, now: Date, glyphs: GlyphSet) -> (String, ThemeRole) {
        switch status.state {
        case .notConnected:
            return ("off", .muted)
        case .connecting:
            return (glyphs.allowsUnicode ? "…" : "...", .muted)
        case .live:
            return (status.age(at: now).map(DurationText.short) ?? "0s", .ok)
        case .failing:
            let mark = glyphs.allowsUnicode ? "✗" : "x"
            let age = status.age(at: now).map(DurationText.short) ?? "never"
            return ("\(mark)\(age)", .critical)
        }
    }

    static func clock(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }

    static func date(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day))"
    }

    static func interval(_ seconds: TimeInterval) -> String {
        seconds == seconds.rounded() ? "\(Int(saturating: seconds))s" : String(format: "%.1fs", seconds)
    }
}
