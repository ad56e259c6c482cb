/// A small status label for the health strip: `● kafka 1/3`.
///
/// The dot carries the status (its colour says healthy, degraded or down); the text follows in
/// `textStyle`. Too narrow an area cuts the text with the ellipsis but keeps the dot.
package struct Badge: Widget, Sendable {
    package var text: String
    package var statusStyle: Style
    package var textStyle: Style

    /// A badge whose text is drawn in `textStyle`, or in the status style when that is `nil`.
    package init(_ text: String, statusStyle: Style, textStyle: Style? = nil) {
        self.text = text
        self.statusStyle = statusStyle
        self.textStyle = textStyle ?? statusStyle
    }

    /// Columns the whole badge takes on `canvas`, for laying out a strip of badges.
    package func width(on canvas: Canvas) -> Int {
        canvas.columns(of: canvas.glyphs.badge) + (text.isEmpty ? 0 : 1 + canvas.columns(of: text))
    }

    package func render(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        let dot = canvas.glyphs.badge
        canvas.write(dot, x: area.x, y: area.y, style: statusStyle, clip: area)
        let start = area.x + canvas.columns(of: dot) + 1
        guard !text.isEmpty, start < area.maxX else { return }
        canvas.write(" " + canvas.truncate(text, to: area.maxX - start), x: start - 1, y: area.y, style: textStyle, clip: area)
    }
}
