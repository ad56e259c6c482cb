/// Lines of text scrolled in an area, wrapped or cut at its edge: the log pane.
///
/// With `state.followsTail` the last line sits on the bottom row; otherwise `state.offset` is
/// the first line shown, clamped so the view never scrolls past the end. Only the lines on
/// screen are measured and wrapped, so a long log costs what the screen shows. `lines` may be
/// any random-access collection, so a log ring can be passed as a lazy map
/// (`ring.lazy.map(render)`) and only the lines on screen are ever styled.
package struct TextView<Lines: RandomAccessCollection>: Widget where Lines.Element == StyledLine {
    package var lines: Lines
    package var state: TextViewState
    /// Break lines longer than the area's width instead of cutting them.
    package var wraps: Bool
    /// Fills the area first; also the style of spans without one.
    package var style: Style

    package init(lines: Lines, state: TextViewState = TextViewState(), wraps: Bool = false, style: Style = .plain) {
        self.lines = lines
        self.state = state
        self.wraps = wraps
        self.style = style
    }

    /// The largest useful offset: the first line of the last screenful.
    package func maxOffset(in area: Rect, canvas: Canvas) -> Int {
        guard !area.isEmpty, !lines.isEmpty else { return 0 }
        var rows = 0
        var index = lines.count
        while index > 0 {
            let height = rowCount(of: line(index - 1), width: area.width, canvas: canvas)
            if rows + height > area.height { break }
            rows += height
            index -= 1
        }
        // A last line taller than the screen is shown from its start.
        return min(index, lines.count - 1)
    }

    package func render(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        canvas.fill(area, style: style)
        let rows = state.followsTail ? tailRows(in: area, canvas: canvas) : rows(in: area, canvas: canvas)
        for (line, row) in rows.prefix(area.height).enumerated() {
            canvas.write(row, x: area.x, y: area.y + line, style: style, clip: area)
        }
    }

    /// Rows from the (clamped) offset down.
    private func rows(in area: Rect, canvas: Canvas) -> [StyledLine] {
        let first = min(state.offset, maxOffset(in: area, canvas: canvas))
        var rows: [StyledLine] = []
        var index = first
        while rows.count < area.height, index < lines.count {
            rows += visualRows(of: line(index), width: area.width, canvas: canvas)
            index += 1
        }
        return rows
    }

    /// The last `area.height` rows, so the end of the last line is on the bottom row.
    private func tailRows(in area: Rect, canvas: Canvas) -> [StyledLine] {
        var rows: [StyledLine] = []
        var index = lines.count
        while rows.count < area.height, index > 0 {
            index -= 1
            rows.insert(contentsOf: visualRows(of: line(index), width: area.width, canvas: canvas), at: 0)
        }
        return Array(rows.suffix(area.height))
    }

    /// The line `position` lines from the start, whatever the collection's indices are.
    private func line(_ position: Int) -> StyledLine {
        lines[lines.index(lines.startIndex, offsetBy: position)]
    }

    private func visualRows(of line: StyledLine, width: Int, canvas: Canvas) -> [StyledLine] {
        wraps ? canvas.wrap(line, to: width) : [line]
    }

    private func rowCount(of line: StyledLine, width: Int, canvas: Canvas) -> Int {
        guard wraps else { return 1 }
        // Fits on one row: the common case needs no wrapping.
        if canvas.columns(of: line) <= width { return 1 }
        return canvas.wrap(line, to: width).count
    }
}

extension TextView where Lines == [StyledLine] {
    /// A view of an array of lines; lets `["a", "b"]` literals read as styled lines.
    package init(lines: [StyledLine], state: TextViewState = TextViewState(), wraps: Bool = false, style: Style = .plain) {
        self.lines = lines
        self.state = state
        self.wraps = wraps
        self.style = style
    }
}

extension TextView: Sendable where Lines: Sendable {}
