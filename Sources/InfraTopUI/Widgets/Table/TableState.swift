/// Which row of a table is selected and which row is at the top of the view.
///
/// The state outlives renders; the view that owns it moves the selection in response to keys,
/// passing the number of rows and how many the table shows (`Table.visibleRowCount(in:)`).
/// Every change keeps the selection inside the rows and on screen.
package struct TableState: Hashable, Sendable {
    /// The selected row, or `nil` when nothing is selected (an empty table).
    package var selectedIndex: Int?
    /// The index of the first row shown.
    package var offset: Int

    package init(selectedIndex: Int? = nil, offset: Int = 0) {
        self.selectedIndex = selectedIndex
        self.offset = max(0, offset)
    }

    /// Moves the selection `delta` rows down (up when negative), stopping at the first and last row.
    package mutating func moveSelection(by delta: Int, rowCount: Int, visibleRows: Int) {
        guard rowCount > 0 else { return clear() }
        let current = selectedIndex ?? (delta < 0 ? rowCount : -1)
        let target = current.addingReportingOverflow(delta)
        selectedIndex = target.overflow ? (delta < 0 ? 0 : rowCount - 1) : target.partialValue
        keepSelectionVisible(rowCount: rowCount, visibleRows: visibleRows)
    }

    /// Moves the selection one screen down.
    package mutating func pageDown(rowCount: Int, visibleRows: Int) {
        moveSelection(by: max(1, visibleRows), rowCount: rowCount, visibleRows: visibleRows)
    }

    /// Moves the selection one screen up.
    package mutating func pageUp(rowCount: Int, visibleRows: Int) {
        moveSelection(by: -max(1, visibleRows), rowCount: rowCount, visibleRows: visibleRows)
    }

    /// Selects the first row.
    package mutating func selectFirst(rowCount: Int, visibleRows: Int) {
        guard rowCount > 0 else { return clear() }
        selectedIndex = 0
        keepSelectionVisible(rowCount: rowCount, visibleRows: visibleRows)
    }

    /// Selects the last row.
    package mutating func selectLast(rowCount: Int, visibleRows: Int) {
        guard rowCount > 0 else { return clear() }
        selectedIndex = rowCount - 1
        keepSelectionVisible(rowCount: rowCount, visibleRows: visibleRows)
    }

    /// Brings the state back in range after the rows changed: the selection stays on its
    /// index if it still exists, else moves to the last row; the offset keeps it on screen.
    package mutating func keepSelectionVisible(rowCount: Int, visibleRows: Int) {
        guard rowCount > 0 else { return clear() }
        let visible = max(1, visibleRows)
        if let selected = selectedIndex {
            let index = min(max(0, selected), rowCount - 1)
            selectedIndex = index
            if index < offset { offset = index }
            if index >= offset + visible { offset = index - visible + 1 }
        }
        // No empty space below the last row while there are rows above the top.
        offset = min(max(0, offset), max(0, rowCount - visible))
    }

    /// The state as a table of `rowCount` rows showing `visibleRows` would draw it.
    package func clamped(rowCount: Int, visibleRows: Int) -> TableState {
        var copy = self
        copy.keepSelectionVisible(rowCount: rowCount, visibleRows: visibleRows)
        return copy
    }

    private mutating func clear() {
        selectedIndex = nil
        offset = 0
    }
}
