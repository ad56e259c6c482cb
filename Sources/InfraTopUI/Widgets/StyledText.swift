/// A run of text in one style.
package struct Span: Hashable, Sendable {
    package var text: String
    /// The span's own style; `nil` takes the style of whatever draws the line (a table row,
    /// a selection), so plain text follows its context.
    package var style: Style?

    package init(_ text: String, style: Style? = nil) {
        self.text = text
        self.style = style
    }
}

/// One line of text made of spans in different styles.
package struct StyledLine: Hashable, Sendable, ExpressibleByStringLiteral {
    package var spans: [Span]

    package init(_ spans: [Span]) {
        self.spans = spans
    }

    /// A line of one span.
    package init(_ text: String, style: Style? = nil) {
        self.spans = [Span(text, style: style)]
    }

    package init(stringLiteral text: String) {
        self.init(text)
    }

    /// The text without styles.
    package var text: String { spans.map(\.text).joined() }

    /// Columns the line takes on a Unicode terminal.
    package var width: Int { spans.reduce(0) { $0 + TextWidth.of($1.text) } }

    /// True when the line has no text.
    package var isEmpty: Bool { spans.allSatisfy(\.text.isEmpty) }

    /// The line with `style` given to every span that has none of its own.
    package func inheriting(_ style: Style) -> StyledLine {
        StyledLine(spans.map { Span($0.text, style: $0.style ?? style) })
    }
}

extension Canvas {
    /// Columns a styled line takes when written to this canvas.
    package func columns(of line: StyledLine) -> Int {
        line.spans.reduce(0) { $0 + columns(of: $1.text) }
    }

    /// Writes a styled line from (x, y), clipped to `clip` (the canvas by default).
    ///
    /// Spans without a style of their own are drawn in `style`. Returns the columns written.
    @discardableResult
    package mutating func write(_ line: StyledLine, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let area = (clip ?? bounds).intersection(bounds)
        guard y >= area.y, y < area.maxY else { return 0 }
        var column = x
        for span in line.spans {
            if column >= area.maxX { break }
            write(span.text, x: column, y: y, style: span.style ?? style, clip: area)
            column += columns(of: span.text)
        }
        return max(0, min(column, area.maxX) - max(x, area.x))
    }

    /// The line cut to at most `width` columns, ending in the canvas's ellipsis when something was cut.
    package func truncate(_ line: StyledLine, to width: Int) -> StyledLine {
        guard width > 0 else { return StyledLine([]) }
        if columns(of: line) <= width { return line }
        let ellipsisWidth = columns(of: glyphs.ellipsis)
        guard width > ellipsisWidth else { return prefix(line, width: width) }
        var cut = prefix(line, width: width - ellipsisWidth)
        // The ellipsis continues the style of the text it cuts, inheriting when that does.
        let ellipsisStyle = cut.spans.isEmpty ? line.spans.first?.style : cut.spans[cut.spans.count - 1].style
        cut.spans.append(Span(glyphs.ellipsis, style: ellipsisStyle))
        return cut
    }

    /// The longest prefix of `line` that fits in `width` columns of this canvas.
    package func prefix(_ line: StyledLine, width: Int) -> StyledLine {
        var remaining = width
        var spans: [Span] = []
        for span in line.spans {
            let text = prefix(span.text, width: remaining)
            if !text.isEmpty { spans.append(Span(text, style: span.style)) }
            remaining -= columns(of: text)
            if text.count < span.text.count { break }
        }
        return StyledLine(spans)
    }
}
