extension Canvas {
    /// `line` broken into rows of at most `width` columns of this canvas.
    ///
    /// Breaks fall between graphemes, never inside one: a wide character that does not fit at
    /// the end of a row starts the next. An empty line is one empty row. A grapheme wider than
    /// the whole width gets a row of its own (the canvas blanks what cannot be shown).
    package func wrap(_ line: StyledLine, to width: Int) -> [StyledLine] {
        let width = Swift.max(1, width)
        var rows: [StyledLine] = []
        var current: [Span] = []
        var used = 0
        for span in line.spans {
            var text = ""
            for grapheme in span.text {
                let taken = columns(of: grapheme)
                if used + taken > width, used > 0 {
                    if !text.isEmpty { current.append(Span(text, style: span.style)) }
                    rows.append(StyledLine(current))
                    current = []
                    text = ""
                    used = 0
                }
                text.append(grapheme)
                used += taken
            }
            if !text.isEmpty { current.append(Span(text, style: span.style)) }
        }
        rows.append(StyledLine(current))
        return rows
    }
}
