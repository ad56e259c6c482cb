/// Rows under a header, with a selected row, a sort indicator and an empty message.
///
/// ```
/// NAME▲     STATUS   RESTARTS
/// kafka-0   Running         0
/// kafka-1   CrashLo…        7   ← selected: the whole row in the selection style
/// ```
/// Column widths come from `TableColumn.widths(of:in:spacing:)`; cells wider than their column
/// end in the ellipsis. The widget does not sort: sort the rows with `TableSort` and pass the
/// same value as `sort` so the header shows it.
package struct Table: Widget, Sendable {
    package var columns: [TableColumn]
    package var rows: [TableRow]
    package var state: TableState
    /// The sort the rows are in; only drawn as an indicator in the header.
    package var sort: TableSort?
    /// Shown under the header when there are no rows, such as `no pods`.
    package var emptyMessage: String
    package var headerStyle: Style
    package var rowStyle: Style
    package var selectionStyle: Style
    var emptyMessageStyle: Style
    /// Blank columns between two columns.
    var columnSpacing: Int
    /// Reserves a gutter on the left with the selection marker (`▶`) on the selected row, so the
    /// selection shows without colour (NO_COLOR, monochrome terminals).
    package var showsSelectionMarker: Bool

    package init(
        columns: [TableColumn],
        rows: [TableRow],
        state: TableState = TableState(),
        sort: TableSort? = nil,
        emptyMessage: String = "",
        headerStyle: Style = Style().adding(.bold),
        rowStyle: Style = .plain,
        selectionStyle: Style = Style().adding(.reverse),
        emptyMessageStyle: Style = Style().adding(.dim),
        columnSpacing: Int = 1,
        showsSelectionMarker: Bool = false
    ) {
        self.columns = columns
        self.rows = rows
        self.state = state
        self.sort = sort
        self.emptyMessage = emptyMessage
        self.headerStyle = headerStyle
        self.rowStyle = rowStyle
        self.selectionStyle = selectionStyle
        self.emptyMessageStyle = emptyMessageStyle
        self.columnSpacing = columnSpacing
        self.showsSelectionMarker = showsSelectionMarker
    }

    /// Rows of data the table shows in `area`: all but the header row.
    package static func visibleRowCount(in area: Rect) -> Int {
        max(0, area.height - 1)
    }

    package func render(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        let gutter = showsSelectionMarker ? min(area.width, canvas.columns(of: canvas.glyphs.selectionMarker) + 1) : 0
        let content = Rect(x: area.x + gutter, y: area.y, width: area.width - gutter, height: area.height)
        let widths = TableColumn.widths(of: columns, in: content.width, spacing: columnSpacing)
        let starts = columnStarts(widths, from: content.x)
        canvas.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: headerStyle)
        drawHeader(widths: widths, starts: starts, in: content, on: &canvas)

        let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        guard !body.isEmpty else { return }
        canvas.fill(body, style: rowStyle)
        guard !rows.isEmpty else {
            canvas.write(emptyMessage, x: body.x, y: body.y, width: body.width, alignment: .center,
                         style: emptyMessageStyle, clip: body)
            return
        }
        let shown = state.clamped(rowCount: rows.count, visibleRows: body.height)
        for line in 0..<body.height {
            let index = shown.offset + line
            guard index < rows.count else { break }
            let row = rows[index]
            let y = body.y + line
            let isSelected = index == shown.selectedIndex
            let style = isSelected ? selectionStyle : row.style ?? rowStyle
            canvas.fill(Rect(x: body.x, y: y, width: body.width, height: 1), style: style)
            if isSelected, gutter > 0 {
                canvas.write(canvas.glyphs.selectionMarker, x: body.x, y: y, style: style,
                             clip: Rect(x: body.x, y: y, width: gutter, height: 1))
            }
            let cells = Rect(x: content.x, y: y, width: content.width, height: 1)
            for (column, cell) in row.cells.enumerated() where column < widths.count {
                // The selection overrides span styles: a selected row must read as one bar.
                let text = isSelected ? StyledLine(cell.text) : cell
                drawCell(text, column: column, x: starts[column], width: widths[column], y: y,
                         style: style, clip: cells, on: &canvas)
            }
        }
    }

    private func columnStarts(_ widths: [Int], from x: Int) -> [Int] {
        var starts: [Int] = []
        var position = x
        for width in widths {
            starts.append(position)
            position += width + max(0, columnSpacing)
        }
        return starts
    }

    private func drawHeader(widths: [Int], starts: [Int], in area: Rect, on canvas: inout Canvas) {
        let header = Rect(x: area.x, y: area.y, width: area.width, height: 1)
        for (index, column) in columns.enumerated() {
            let width = widths[index]
            guard width > 0 else { continue }
            var title = StyledLine(column.title)
            if let sort, sort.column == index {
                // The indicator survives truncation: it is what says how the table is ordered.
                let indicator = sort.direction == .ascending ? canvas.glyphs.sortAscending : canvas.glyphs.sortDescending
                let room = width - canvas.columns(of: indicator)
                title = canvas.truncate(title, to: room)
                title.spans.append(Span(indicator))
            }
            drawCell(title, column: index, x: starts[index], width: width, y: header.y,
                     style: headerStyle, clip: header, on: &canvas)
        }
    }

    private func drawCell(
        _ cell: StyledLine, column: Int, x: Int, width: Int, y: Int, style: Style, clip: Rect,
        on canvas: inout Canvas
    ) {
        guard width > 0 else { return }
        let shown = canvas.truncate(cell, to: width)
        let padding = columns[column].alignment.leadingPadding(textWidth: canvas.columns(of: shown), in: width)
        let box = Rect(x: x, y: y, width: width, height: 1).intersection(clip)
        canvas.write(shown, x: x + padding, y: y, style: style, clip: box)
    }
}
