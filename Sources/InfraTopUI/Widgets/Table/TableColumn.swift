/// One column of a table: its header and how wide it may be.
package struct TableColumn: Hashable, Sendable {
    package var title: String
    /// Columns the column always gets while the table has room.
    package var minWidth: Int
    /// Columns it may grow to when there is room to share; `nil` for no limit.
    package var maxWidth: Int?
    package var alignment: TextAlignment

    package init(title: String, minWidth: Int, maxWidth: Int? = nil, alignment: TextAlignment = .left) {
        self.title = title
        let minimum = max(0, minWidth)
        self.minWidth = minimum
        self.maxWidth = maxWidth.map { max(minimum, $0) }
        self.alignment = alignment
    }

    /// Widths of `columns` in `width` cells with `spacing` between them.
    ///
    /// Each column gets its minimum, then the rest is shared out evenly among the columns still
    /// below their maximum, the odd cells going to the leftmost. When the minimums do not fit,
    /// columns keep them from the left and the last ones are cut or get nothing.
    package static func widths(of columns: [TableColumn], in width: Int, spacing: Int = 1) -> [Int] {
        let width = max(0, width)
        let spacing = min(max(0, spacing), width)
        // Clamping keeps the sums below from overflowing on absurd minimums.
        var widths = columns.map { min($0.minWidth, width) }
        let gaps = spacing * max(0, columns.count - 1)
        var spare = width - gaps - widths.reduce(0, +)
        guard spare > 0 else { return clippedToFit(widths, in: width, spacing: spacing) }
        while spare > 0 {
            let growing = widths.indices.filter { index in
                columns[index].maxWidth.map { widths[index] < $0 } ?? true
            }
            guard !growing.isEmpty else { break }
            let share = spare / growing.count
            var odd = spare % growing.count
            for index in growing {
                var grant = share
                if odd > 0 { grant += 1; odd -= 1 }
                if let limit = columns[index].maxWidth { grant = min(grant, limit - widths[index]) }
                widths[index] += grant
                spare -= grant
            }
        }
        return widths
    }

    /// Minimum widths kept from the left while they fit; the column that crosses the edge is cut.
    private static func clippedToFit(_ widths: [Int], in width: Int, spacing: Int) -> [Int] {
        var remaining = max(0, width)
        var result: [Int] = []
        for (index, wanted) in widths.enumerated() {
            if index > 0 { remaining = max(0, remaining - max(0, spacing)) }
            let given = min(wanted, remaining)
            result.append(given)
            remaining -= given
        }
        return result
    }
}

/// One row of a table.
package struct TableRow: Hashable, Sendable {
    package var cells: [StyledLine]
    /// The row's style; `nil` uses the table's row style. Spans with a style of their own keep it.
    package var style: Style?

    package init(_ cells: [StyledLine], style: Style? = nil) {
        self.cells = cells
        self.style = style
    }

    /// A row of plain text cells.
    package init(_ cells: [String], style: Style? = nil) {
        self.cells = cells.map { StyledLine($0) }
        self.style = style
    }
}
