/// A row of badges, the health strip: `● kafka 1/3  ● redis ok  ● mongodb 1/1`.
///
/// Badges are drawn in order while they fit whole; the first that does not fit and all after
/// it are left out, so put the ones that matter most first (unhealthy components, say).
package struct BadgeStrip: Widget, Sendable {
    var badges: [Badge]
    /// Blank columns between two badges.
    package var spacing: Int
    /// Fills the strip's row first, so the strip owns it.
    package var background: Style

    package init(_ badges: [Badge], spacing: Int = 2, background: Style = .plain) {
        self.badges = badges
        self.spacing = spacing
        self.background = background
    }

    /// How many badges fit whole in `width` columns of `canvas`.
    package func fittingCount(in width: Int, on canvas: Canvas) -> Int {
        var used = 0
        for (index, badge) in badges.enumerated() {
            let needed = (index == 0 ? 0 : max(0, spacing)) + badge.width(on: canvas)
            if used + needed > width { return index }
            used += needed
        }
        return badges.count
    }

    package func render(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        canvas.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: background)
        var x = area.x
        for (index, badge) in badges.prefix(fittingCount(in: area.width, on: canvas)).enumerated() {
            if index > 0 { x += max(0, spacing) }
            let width = badge.width(on: canvas)
            badge.render(in: Rect(x: x, y: area.y, width: width, height: 1), on: &canvas)
            x += width
        }
    }
}
