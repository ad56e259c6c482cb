/// Text measured the way this canvas will draw it.
///
/// On an ASCII canvas every grapheme outside ASCII is drawn as one `?`, so a CJK character
/// takes one column there instead of two; widgets measure with these methods so their
/// alignment holds on both kinds of canvas.
extension Canvas {
    /// Columns one grapheme takes when written to this canvas.
    package func columns(of grapheme: Character) -> Int {
        glyphs.allowsUnicode ? TextWidth.of(grapheme) : 1
    }

    /// Columns a string takes when written to this canvas.
    package func columns(of text: String) -> Int {
        glyphs.allowsUnicode ? TextWidth.of(text) : text.count
    }

    /// `text` cut to at most `width` columns, ending in the canvas's ellipsis when something was cut.
    package func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if columns(of: text) <= width { return text }
        let ellipsisWidth = columns(of: glyphs.ellipsis)
        guard width > ellipsisWidth else { return prefix(text, width: width) }
        return prefix(text, width: width - ellipsisWidth) + glyphs.ellipsis
    }

    /// The longest prefix of `text` that fits in `width` columns of this canvas.
    package func prefix(_ text: String, width: Int) -> String {
        var used = 0
        var result = ""
        for grapheme in text {
            let taken = columns(of: grapheme)
            if used + taken > width { break }
            used += taken
            result.append(grapheme)
        }
        return result
    }

    /// Writes `text` truncated to `width` columns and aligned in them; returns the columns written.
    @discardableResult
    mutating func write(
        _ text: String, x: Int, y: Int, width: Int, alignment: TextAlignment, style: Style, clip: Rect
    ) -> Int {
        guard width > 0 else { return 0 }
        let shown = truncate(text, to: width)
        let padding = alignment.leadingPadding(textWidth: columns(of: shown), in: width)
        let box = Rect(x: x, y: y, width: width, height: 1).intersection(clip)
        return write(shown, x: x + padding, y: y, style: style, clip: box)
    }
}
