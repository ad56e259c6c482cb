/// A series drawn as bars one column wide, newest at the right: `▁▂▃▅▇█`.
///
/// Only the last `area.width` values are drawn; a shorter series leaves the left blank. A `nil`
/// value (a missed sample) is a blank column, so gaps in collection stay visible. Bars are
/// scaled to `maximum`, or to the largest visible value; a zero value still draws the lowest
/// level so that "nothing happened" differs from "no data". Taller areas stack full blocks.
package struct Sparkline: Widget, Sendable {
    package var values: [Double?]
    /// The value drawn as a full bar; `nil` scales to the largest visible value.
    package var maximum: Double?
    package var style: Style

    package init(values: [Double?], maximum: Double? = nil, style: Style = .plain) {
        self.values = values
        self.maximum = maximum
        self.style = style
    }

    package func render(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        let levels = canvas.glyphs.sparkline
        guard !levels.isEmpty else { return }
        let visible = values.suffix(area.width)
        let top = maximum ?? visible.compactMap { $0 }.filter(\.isFinite).max() ?? 0
        let steps = area.height * levels.count
        let firstColumn = area.maxX - visible.count
        for (column, value) in visible.enumerated() {
            guard let value, value.isFinite else { continue }
            let fraction = top > 0 && top.isFinite ? min(1, max(0, value / top)) : 0
            // Step 1 is the lowest glyph in the bottom row, so zero still shows.
            let step = 1 + Int((fraction * Double(steps - 1)).rounded())
            for row in 0..<area.height {
                let inRow = min(levels.count, step - row * levels.count)
                guard inRow > 0 else { break }
                canvas.write(levels[inRow - 1], x: firstColumn + column, y: area.maxY - 1 - row, style: style, clip: area)
            }
        }
    }
}
