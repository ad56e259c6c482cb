import Testing
@testable import InfraTopUI

@Suite struct TableStateTests {
    @Test func movingDownScrollsOnceTheSelectionLeavesTheScreen() {
        var state = TableState(selectedIndex: 0)
        state.moveSelection(by: 1, rowCount: 10, visibleRows: 3)
        #expect(state == TableState(selectedIndex: 1, offset: 0))
        state.moveSelection(by: 2, rowCount: 10, visibleRows: 3)
        #expect(state == TableState(selectedIndex: 3, offset: 1))
        state.moveSelection(by: 100, rowCount: 10, visibleRows: 3)
        #expect(state == TableState(selectedIndex: 9, offset: 7))
        state.moveSelection(by: -1, rowCount: 10, visibleRows: 3)
        #expect(state == TableState(selectedIndex: 8, offset: 7))
        state.moveSelection(by: -7, rowCount: 10, visibleRows: 3)
        #expect(state == TableState(selectedIndex: 1, offset: 1))
        state.moveSelection(by: Int.min, rowCount: 10, visibleRows: 3)
        #expect(state == TableState(selectedIndex: 0, offset: 0))
        state.moveSelection(by: Int.max, rowCount: 10, visibleRows: 3)
        #expect(state == TableState(selectedIndex: 9, offset: 7))
    }

    @Test func withoutASelectionDownPicksTheFirstRowAndUpTheLast() {
        var down = TableState()
        down.moveSelection(by: 1, rowCount: 5, visibleRows: 2)
        #expect(down == TableState(selectedIndex: 0, offset: 0))
        var up = TableState()
        up.moveSelection(by: -1, rowCount: 5, visibleRows: 2)
        #expect(up == TableState(selectedIndex: 4, offset: 3))
    }

    @Test func pagesMoveByOneScreen() {
        var state = TableState(selectedIndex: 0)
        state.pageDown(rowCount: 10, visibleRows: 4)
        #expect(state == TableState(selectedIndex: 4, offset: 1))
        state.pageDown(rowCount: 10, visibleRows: 4)
        #expect(state == TableState(selectedIndex: 8, offset: 5))
        state.pageDown(rowCount: 10, visibleRows: 4)
        #expect(state == TableState(selectedIndex: 9, offset: 6))
        state.pageUp(rowCount: 10, visibleRows: 4)
        #expect(state == TableState(selectedIndex: 5, offset: 5))
        state.pageUp(rowCount: 10, visibleRows: 0)
        #expect(state == TableState(selectedIndex: 4, offset: 4))
    }

    @Test func homeAndEnd() {
        var state = TableState(selectedIndex: 4, offset: 2)
        state.selectLast(rowCount: 10, visibleRows: 4)
        #expect(state == TableState(selectedIndex: 9, offset: 6))
        state.selectFirst(rowCount: 10, visibleRows: 4)
        #expect(state == TableState(selectedIndex: 0, offset: 0))
    }

    @Test func shrinkingRowsPullTheSelectionBackAndEmptyClearsIt() {
        var state = TableState(selectedIndex: 9, offset: 7)
        state.keepSelectionVisible(rowCount: 4, visibleRows: 3)
        #expect(state == TableState(selectedIndex: 3, offset: 1))
        state.keepSelectionVisible(rowCount: 0, visibleRows: 3)
        #expect(state == TableState(selectedIndex: nil, offset: 0))
        state.moveSelection(by: 1, rowCount: 0, visibleRows: 3)
        #expect(state == TableState(selectedIndex: nil, offset: 0))
        state.selectLast(rowCount: 0, visibleRows: 3)
        #expect(state.selectedIndex == nil)
    }

    @Test func growingTheScreenRemovesEmptySpaceBelowTheLastRow() {
        let state = TableState(selectedIndex: 9, offset: 7).clamped(rowCount: 10, visibleRows: 8)
        #expect(state == TableState(selectedIndex: 9, offset: 2))
        #expect(TableState(selectedIndex: -4, offset: -2).clamped(rowCount: 3, visibleRows: 2) == TableState(selectedIndex: 0, offset: 0))
    }
}
