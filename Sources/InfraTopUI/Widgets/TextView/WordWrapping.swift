extension Canvas {
    /// `line` broken at spaces into rows of at most `width` columns, for prose such as a
    /// scheduler's message. Continuation rows keep the first row's leading indentation; a word
    /// longer than a row is broken between graphemes, as `wrap(_:to:)` does.
    package func wrapWords(_ line: StyledLine, to width: Int) -> [StyledLine] {
        let width = Swift.max(1, width)
        let indentText = String(line.text.prefix { $0 == " " })
        let indent = indentText.count < width / 2 ? indentText : ""
        // Words keep their style and the spaces before them, so styled runs survive the breaks.
        var words: [[Span]] = []
        var current: [Span] = []
        var previous: Character?
        for span in line.spans {
            var text = ""
            for character in span.text {
                // A word ends where a space follows a non-space, whichever span each is in.
                if character == " ", let last = previous, last != " " {
                    if !text.isEmpty { current.append(Span(text, style: span.style)) }
                    if !current.isEmpty { words.append(current) }
                    current = []
                    text = ""
                }
                text.append(character)
                previous = character
            }
            if !text.isEmpty { current.append(Span(text, style: span.style)) }
        }
        if !current.isEmpty { words.append(current) }

        var rows: [StyledLine] = []
        var row: [Span] = []
        var used = 0
        for word in words {
            var spans = word
            var wordWidth = spans.reduce(0) { $0 + columns(of: $1.text) }
            if used > 0, used + wordWidth > width {
                rows.append(StyledLine(row))
                // The space that ended the previous row is not carried to the next.
                if let first = spans.first, first.text.hasPrefix(" ") {
                    spans[0] = Span(String(first.text.drop { $0 == " " }), style: first.style)
                    wordWidth = spans.reduce(0) { $0 + columns(of: $1.text) }
                }
                row = indent.isEmpty ? [] : [Span(indent)]
                used = columns(of: indent)
            }
            if used + wordWidth > width {
                // Longer than a row: fall back to breaking between graphemes.
                let pieces = wrap(StyledLine(row + spans), to: width)
                rows.append(contentsOf: pieces.dropLast())
                row = pieces.last?.spans ?? []
                used = pieces.last.map { columns(of: $0.text) } ?? 0
                continue
            }
            row += spans
            used += wordWidth
        }
        rows.append(StyledLine(row))
        return rows
    }
}
