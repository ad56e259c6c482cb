/// A key and what it does, as the status bar shows it: `q Quit`.
package struct KeyHint: Hashable, Sendable {
    package var key: String
    package var label: String

    package init(key: String, label: String) {
        self.key = key
        self.label = label
    }
}

/// The status bar of key hints: `q Quit  ? Help  / Filter`.
///
/// Hints are drawn in order while they fit whole; the first that does not fit and all after it
/// are left out, so the list should run from the most to the least important.
package struct KeyHints: Widget, Sendable {
    package var hints: [KeyHint]
    package var keyStyle: Style
    package var labelStyle: Style
    /// Fills the whole bar first, so the bar owns its row.
    package var background: Style
    /// Blank columns between two hints.
    package var spacing: Int

    package init(
        _ hints: [KeyHint],
        keyStyle: Style = Style().adding(.bold),
        labelStyle: Style = .plain,
        background: Style = .plain,
        spacing: Int = 2
    ) {
        self.hints = hints
        self.keyStyle = keyStyle
        self.labelStyle = labelStyle
        self.background = background
        self.spacing = spacing
    }

    /// Hints from `(key, label)` pairs.
    package init(
        _ pairs: [(key: String, label: String)],
        keyStyle: Style = Style().adding(.bold),
        labelStyle: Style = .plain,
        background: Style = .plain,
        spacing: Int = 2
    ) {
        self.init(pairs.map { KeyHint(key: $0.key, label: $0.label) }, keyStyle: keyStyle,
                  labelStyle: labelStyle, background: background, spacing: spacing)
    }

    package func render(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        canvas.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: background)
        var x = area.x
        for (index, hint) in hints.enumerated() {
            let gap = index == 0 ? 0 : max(0, spacing)
            let keyWidth = canvas.columns(of: hint.key)
            let width = keyWidth + (hint.label.isEmpty ? 0 : 1 + canvas.columns(of: hint.label))
            guard x + gap + width <= area.maxX else { break }
            x += gap
            canvas.write(hint.key, x: x, y: area.y, style: keyStyle, clip: area)
            if !hint.label.isEmpty {
                canvas.write(hint.label, x: x + keyWidth + 1, y: area.y, style: labelStyle, clip: area)
            }
            x += width
        }
    }
}
