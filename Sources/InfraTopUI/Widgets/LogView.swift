import Foundation
import InfraTopCore

/// A log stream in a rectangle: at the tail while following, or from a line while paused; lines
/// wrapped or cut; timestamps and pod prefixes on request; a filter that shows only matching
/// lines with the matches highlighted.
///
/// Only the lines that fit are laid out, so drawing costs the same with 100 or 10,000 lines held.
struct LogView {
    struct Styles {
        var text: Style
        var muted: Style
        var marker: Style
        var match: Style
        var current: Style
        /// One colour per pod of a merged stream, in turn.
        var pods: [Style]
        /// False under a theme without colours (NO_COLOR): the log's own SGR colours are dropped too.
        var showsLogColours = true
    }

    var ring: LogRing
    var state: LogPaneState
    /// The merged stream's pods, whose order picks their colours; empty for a single pod.
    var pods: [String]
    var styles: Styles

    /// The pane's regular expression, or the pattern as literal text when it is not a valid one.
    static func expression(for pattern: String) -> NSRegularExpression? {
        guard !pattern.isEmpty else { return nil }
        return (try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]))
            ?? (try? NSRegularExpression(pattern: NSRegularExpression.escapedPattern(for: pattern), options: [.caseInsensitive]))
    }

    func render(in area: Rect, on canvas: inout Canvas) -> LogViewMetrics {
        guard area.width > 0, area.height > 0 else { return LogViewMetrics() }
        let expression = Self.expression(for: state.pattern)
        let layout = Layouter(view: self, expression: expression, width: area.width, canvas: canvas)
        var placed: [(sequence: Int, rows: [StyledLine])] = []
        var total = 0
        if !state.follows, let wanted = state.top {
            var sequence = layout.next(atOrAfter: max(wanted, ring.firstSequence))
            while let current = sequence, total < area.height {
                let rows = layout.rows(of: current)
                placed.append((current, rows))
                total += rows.count
                sequence = layout.next(atOrAfter: current + 1)
            }
            if total < area.height { placed.removeAll() }
        }
        if placed.isEmpty {
            total = 0
            var sequence = layout.previous(before: ring.endSequence)
            while let current = sequence, total < area.height {
                let rows = layout.rows(of: current)
                placed.insert((current, rows), at: 0)
                total += rows.count
                sequence = layout.previous(before: current)
            }
            // The top line shows its last rows when the whole of it does not fit.
            if total > area.height, !placed.isEmpty {
                placed[0].rows.removeFirst(total - area.height)
            }
        }
        var y = area.y
        for (sequence, rows) in placed {
            for row in rows where y < area.maxY {
                canvas.write(row, x: area.x, y: y, style: styles.text, clip: area)
                if sequence == state.currentMatch {
                    canvas.restyle(Rect(x: area.x, y: y, width: area.width, height: 1)) { $0 = $0.on(styles.current.background).adding(.bold) }
                }
                y += 1
            }
        }
        guard let top = placed.first?.sequence, let bottom = placed.last?.sequence else {
            return LogViewMetrics()
        }
        var pageUp: Int?
        var above = 0
        var sequence = layout.previous(before: top)
        while let current = sequence, above < area.height {
            pageUp = current
            above += layout.rows(of: current).count
            sequence = layout.previous(before: current)
        }
        let current = state.currentMatch.flatMap { ring[sequence: $0] == nil ? nil : $0 }
        return LogViewMetrics(
            top: top, bottom: bottom,
            lineUp: layout.previous(before: top), lineDown: layout.next(atOrAfter: top + 1),
            pageUp: pageUp, pageDown: layout.next(atOrAfter: bottom + 1),
            first: layout.next(atOrAfter: ring.firstSequence),
            nextMatch: current.map { layout.nextText(atOrAfter: $0 + 1) } ?? layout.nextText(atOrAfter: top),
            previousMatch: current.map { layout.previousText(before: $0) } ?? layout.previousText(before: bottom + 1))
    }

    /// Turns held lines into rows of this width.
    private struct Layouter {
        let view: LogView
        let expression: NSRegularExpression?
        let width: Int
        let canvas: Canvas

        func isShown(_ line: LogLine) -> Bool {
            guard let expression, line.kind == .text else { return true }
            return expression.firstMatch(in: line.text, range: NSRange(line.text.startIndex..., in: line.text)) != nil
        }

        func next(atOrAfter start: Int) -> Int? {
            var sequence = max(start, view.ring.firstSequence)
            while let line = view.ring[sequence: sequence] {
                if isShown(line) { return sequence }
                sequence += 1
            }
            return nil
        }

        func previous(before end: Int) -> Int? {
            var sequence = min(end, view.ring.endSequence) - 1
            while let line = view.ring[sequence: sequence] {
                if isShown(line) { return sequence }
                sequence -= 1
            }
            return nil
        }

        /// The next shown line the container wrote (markers are not matches).
        func nextText(atOrAfter start: Int) -> Int? {
            var sequence = next(atOrAfter: start)
            while let current = sequence, view.ring[sequence: current]?.kind == .marker { sequence = next(atOrAfter: current + 1) }
            return sequence
        }

        func previousText(before end: Int) -> Int? {
            var sequence = previous(before: end)
            while let current = sequence, view.ring[sequence: current]?.kind == .marker { sequence = previous(before: current) }
            return sequence
        }

        func rows(of sequence: Int) -> [StyledLine] {
            guard let line = view.ring[sequence: sequence] else { return [] }
            let styled = view.styledLine(line, expression: expression)
            guard view.state.wraps else {
                return [canvas.truncate(styled, to: width)]
            }
            return canvas.wrap(styled, to: width)
        }
    }

    func styledLine(_ line: LogLine, expression: NSRegularExpression?) -> StyledLine {
        var prefix: [Span] = []
        if state.showsTimestamps, let stamp = line.timestamp { prefix.append(Span(stamp + " ", style: styles.muted)) }
        if let pod = line.pod, !pods.isEmpty {
            let index = pods.firstIndex(of: pod) ?? 0
            prefix.append(Span(pod + " ", style: styles.pods.isEmpty ? styles.muted : styles.pods[index % styles.pods.count]))
        }
        var body: [Span]
        switch line.kind {
        case .marker:
            body = [Span(line.text, style: styles.marker)]
        case .text:
            body = line.spans.map { Span($0.text, style: style(of: $0.style)) }
            if let expression {
                let ranges = expression.matches(in: line.text, range: NSRange(line.text.startIndex..., in: line.text))
                    .map(\.range).filter { $0.length > 0 }
                body = Self.highlight(body, ranges: ranges, with: styles.match)
            }
        }
        return StyledLine(prefix + body)
    }

    private func style(of log: LogStyle) -> Style {
        var style = styles.text
        if styles.showsLogColours {
            if let foreground = log.foreground { style.foreground = Self.color(foreground) }
            if let background = log.background { style.background = Self.color(background) }
        }
        if log.isBold { style.attributes.insert(.bold) }
        if log.isItalic { style.attributes.insert(.italic) }
        if log.isUnderlined { style.attributes.insert(.underline) }
        return style
    }

    private static func color(_ color: LogColor) -> Color {
        switch color {
        case .indexed(let index): .indexed(index)
        case .rgb(let red, let green, let blue): .rgb(red, green, blue)
        }
    }

    /// Splits spans at UTF-16 ranges of their joined text and gives the parts inside them `match`'s colours.
    static func highlight(_ spans: [Span], ranges: [NSRange], with match: Style) -> [Span] {
        guard !ranges.isEmpty else { return spans }
        var result: [Span] = []
        var offset = 0
        for span in spans {
            let utf16 = Array(span.text.utf16)
            var cuts = [0, utf16.count]
            for range in ranges {
                for point in [range.location - offset, range.location + range.length - offset] where point > 0 && point < utf16.count {
                    cuts.append(point)
                }
            }
            cuts = Array(Set(cuts)).sorted()
            for (start, end) in zip(cuts, cuts.dropFirst()) where end > start {
                let text = String(decoding: utf16[start..<end], as: UTF16.self)
                let absolute = offset + start
                let inside = ranges.contains { absolute >= $0.location && absolute < $0.location + $0.length }
                var style = span.style
                if inside {
                    var highlighted = style ?? Style()
                    highlighted.foreground = match.foreground
                    highlighted.background = match.background
                    highlighted.attributes.formUnion(match.attributes)
                    style = highlighted
                }
                result.append(Span(text, style: style))
            }
            offset += utf16.count
        }
        return result
    }
}
