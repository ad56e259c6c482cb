/// A panel drawn over whatever is below it, centred in an area: the help overlay.
///
/// The popup's rectangle is cleared first so the screen under it does not show through, then
/// the panel and its lines are drawn. Views that need more than lines draw into `inner(in:)`.
package struct Popup: Widget, Sendable {
    /// Wanted size, border included; clamped to the area it is centred in.
    package var width: Int
    package var height: Int
    package var panel: Panel
    /// Lines drawn inside the panel from its top left, cut at its right edge.
    package var lines: [StyledLine]
    /// The style the popup's rectangle is cleared with; also the style of spans without one.
    package var style: Style

    package init(width: Int, height: Int, panel: Panel, lines: [StyledLine] = [], style: Style = .plain) {
        self.width = width
        self.height = height
        self.panel = panel
        self.lines = lines
        self.style = style
    }

    /// The popup's rectangle: its size clamped to `area`, centred in it (odd space to the right and bottom).
    package func frame(in area: Rect) -> Rect {
        let shownWidth = min(max(0, width), area.width)
        let shownHeight = min(max(0, height), area.height)
        return Rect(
            x: area.x + (area.width - shownWidth) / 2,
            y: area.y + (area.height - shownHeight) / 2,
            width: shownWidth,
            height: shownHeight
        )
    }

    /// The area inside the popup's border.
    package func inner(in area: Rect) -> Rect {
        panel.inner(of: frame(in: area))
    }

    package func render(in area: Rect, on canvas: inout Canvas) {
        let frame = frame(in: area)
        guard !frame.isEmpty else { return }
        canvas.fill(frame, style: style)
        panel.render(in: frame, on: &canvas)
        let inside = panel.inner(of: frame)
        for (row, line) in lines.prefix(inside.height).enumerated() {
            canvas.write(line, x: inside.x, y: inside.y + row, style: style, clip: inside)
        }
    }
}
