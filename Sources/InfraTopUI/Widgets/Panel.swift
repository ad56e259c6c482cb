/// A bordered box with a title in its top border and an optional status on the right:
/// `┌ Kafka ───── live 2s ┐`.
///
/// Views draw their content into `inner(of:)`. In an area too small for a box the panel draws
/// what fits: one row gives only the top border, one column gives nothing but the background.
package struct Panel: Widget, Sendable {
    package var title: String
    /// Right-aligned text in the top border, such as `live 2s`; shown whole or not at all.
    package var status: String
    package var isFocused: Bool
    package var borderStyle: Style
    package var focusedBorderStyle: Style
    package var titleStyle: Style
    package var statusStyle: Style
    /// Fills the whole panel before the border is drawn; `nil` leaves what is there.
    package var background: Style?
    /// Blank columns kept between each side border and the content in `inner(of:)`.
    package var horizontalPadding: Int

    package init(
        title: String = "",
        status: String = "",
        isFocused: Bool = false,
        borderStyle: Style = .plain,
        focusedBorderStyle: Style = Style().adding(.bold),
        titleStyle: Style = Style().adding(.bold),
        statusStyle: Style = .plain,
        background: Style? = nil,
        horizontalPadding: Int = 0
    ) {
        self.title = title
        self.status = status
        self.isFocused = isFocused
        self.borderStyle = borderStyle
        self.focusedBorderStyle = focusedBorderStyle
        self.titleStyle = titleStyle
        self.statusStyle = statusStyle
        self.background = background
        self.horizontalPadding = horizontalPadding
    }

    /// The area inside the border and padding; empty when the panel is too small to have an inside.
    package func inner(of area: Rect) -> Rect {
        let inside = area.inset(by: 1)
        let padding = min(max(0, horizontalPadding), inside.width / 2)
        return Rect(x: inside.x + padding, y: inside.y, width: inside.width - 2 * padding, height: inside.height)
    }

    package func render(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        if let background { canvas.fill(area, style: background) }
        guard area.width >= 2 else { return }
        let border = isFocused ? focusedBorderStyle : borderStyle
        let glyphs = canvas.glyphs
        let bottom = area.maxY - 1
        canvas.fill(Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: 1), style: border, grapheme: glyphs.horizontal)
        canvas.write(glyphs.topLeft, x: area.x, y: area.y, style: border, clip: area)
        canvas.write(glyphs.topRight, x: area.maxX - 1, y: area.y, style: border, clip: area)
        if area.height >= 2 {
            let sides = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 2)
            canvas.fill(Rect(x: sides.x, y: sides.y, width: 1, height: sides.height), style: border, grapheme: glyphs.vertical)
            canvas.fill(Rect(x: sides.maxX - 1, y: sides.y, width: 1, height: sides.height), style: border, grapheme: glyphs.vertical)
            canvas.fill(Rect(x: area.x + 1, y: bottom, width: area.width - 2, height: 1), style: border, grapheme: glyphs.horizontal)
            canvas.write(glyphs.bottomLeft, x: area.x, y: bottom, style: border, clip: area)
            canvas.write(glyphs.bottomRight, x: area.maxX - 1, y: bottom, style: border, clip: area)
        }
        drawTitles(in: area, border: border, on: &canvas)
    }

    /// Title from the left and status from the right of the top border, each framed by a blank.
    private func drawTitles(in area: Rect, border: Style, on canvas: inout Canvas) {
        // Between the corners; each text needs a blank on both sides.
        let span = Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: 1)
        var titleEnd = span.x
        if !title.isEmpty, span.width >= 3 {
            let shown = canvas.truncate(title, to: span.width - 2)
            canvas.write(" ", x: span.x, y: span.y, style: border, clip: span)
            canvas.write(shown, x: span.x + 1, y: span.y, style: titleStyle, clip: span)
            let written = canvas.columns(of: shown)
            canvas.write(" ", x: span.x + 1 + written, y: span.y, style: border, clip: span)
            titleEnd = span.x + written + 2
        }
        guard !status.isEmpty else { return }
        let statusWidth = canvas.columns(of: status)
        // Keep one border cell between title and status so they read as two things.
        let gapAfterTitle = titleEnd > span.x ? 1 : 0
        let start = span.maxX - statusWidth - 2
        guard start >= titleEnd + gapAfterTitle else { return }
        canvas.write(" ", x: start, y: span.y, style: border, clip: span)
        canvas.write(status, x: start + 1, y: span.y, style: statusStyle, clip: span)
        canvas.write(" ", x: start + 1 + statusWidth, y: span.y, style: border, clip: span)
    }
}
