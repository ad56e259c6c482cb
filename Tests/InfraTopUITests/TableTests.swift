import Testing
@testable import InfraTopUI

@Suite struct TableTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    private let podColumns = [
        TableColumn(title: "NAME", minWidth: 6),
        TableColumn(title: "STATUS", minWidth: 6, maxWidth: 9),
        TableColumn(title: "AGE", minWidth: 3, maxWidth: 4, alignment: .right),
    ]

    private let podRows = [
        TableRow(["kafka-0", "Running", "14d"]),
        TableRow(["kafka-1", "CrashLoopBackOff", "3h"]),
        TableRow(["日本語ポッド名前", "Pending", "2m50s"]),
    ]

    private func render(_ table: Table, _ width: Int, _ height: Int, glyphs: GlyphSet = .unicode) -> Canvas {
        var canvas = makeCanvas(width, height, glyphs: glyphs)
        table.render(in: canvas.bounds, on: &canvas)
        return canvas
    }

    @Test func drawsHeaderSortIndicatorRowsAndCutsWideCells() {
        let table = Table(columns: podColumns, rows: podRows, state: TableState(selectedIndex: 1),
                          sort: TableSort(column: 0), headerStyle: TestStyle.bold, selectionStyle: TestStyle.reverse)
        let canvas = render(table, 26, 5)
        expectScreen(canvas, [
            "NAME▲       STATUS     AGE",
            "kafka-0     Running    14d",
            "kafka-1     CrashLoo…   3h",
            "日本語ポッ… Pending   2m5…",
            "                          ",
        ])
        #expect(canvas[0, 0].style == TestStyle.bold)
        #expect(canvas[0, 1].style == .plain)
        // The whole selected row is one bar, gaps included.
        #expect((0..<26).allSatisfy { canvas[$0, 2].style == TestStyle.reverse })
        #expect(canvas[0, 3].style == .plain)
    }

    @Test func descendingSortOnARightAlignedColumnWithASCIIGlyphs() {
        let table = Table(columns: podColumns, rows: [TableRow(["kafka-0", "Running", "14d"])],
                          sort: TableSort(column: 2, direction: .descending))
        expectScreen(render(table, 26, 2, glyphs: .ascii), [
            "NAME        STATUS    AGEv",
            "kafka-0     Running    14d",
        ])
    }

    @Test func theSortIndicatorSurvivesACutTitle() {
        let table = Table(columns: [TableColumn(title: "RESTARTS", minWidth: 3, maxWidth: 3)], rows: [],
                          sort: TableSort(column: 0, direction: .ascending))
        expectScreen(render(table, 5, 1), ["R…▲  "])
    }

    @Test func anEmptyTableShowsItsMessageUnderTheHeader() {
        let table = Table(columns: podColumns, rows: [], emptyMessage: "no pods")
        let canvas = render(table, 20, 3)
        expectScreen(canvas, [
            "NAME    STATUS   AGE",
            "      no pods       ",
            "                    ",
        ])
        #expect(canvas[6, 1].style == Style().adding(.dim))
    }

    @Test func scrollsToKeepTheSelectionVisible() {
        let rows = (0..<10).map { TableRow(["pod-\($0)"]) }
        let columns = [TableColumn(title: "NAME", minWidth: 5)]
        let below = Table(columns: columns, rows: rows, state: TableState(selectedIndex: 5, offset: 0))
        expectScreen(render(below, 6, 4), ["NAME  ", "pod-3 ", "pod-4 ", "pod-5 "])
        let above = Table(columns: columns, rows: rows, state: TableState(selectedIndex: 1, offset: 8))
        expectScreen(render(above, 6, 4), ["NAME  ", "pod-1 ", "pod-2 ", "pod-3 "])
        let pastTheEnd = Table(columns: columns, rows: rows, state: TableState(selectedIndex: nil, offset: 50))
        expectScreen(render(pastTheEnd, 6, 4), ["NAME  ", "pod-7 ", "pod-8 ", "pod-9 "])
    }

    @Test func rowStylesSpanStylesAndSelection() {
        let rows = [
            TableRow([StyledLine([Span("a", style: TestStyle.green), Span("b")]), "x"], style: TestStyle.red),
            TableRow([StyledLine([Span("c", style: TestStyle.green)]), "y"]),
        ]
        let columns = [TableColumn(title: "A", minWidth: 2, maxWidth: 2), TableColumn(title: "B", minWidth: 1)]
        let canvas = render(Table(columns: columns, rows: rows, state: TableState(selectedIndex: 1),
                                  rowStyle: TestStyle.blue, selectionStyle: TestStyle.reverse), 4, 3)
        expectScreen(canvas, ["A  B", "ab x", "c  y"])
        #expect(canvas[0, 1].style == TestStyle.green)
        #expect(canvas[1, 1].style == TestStyle.red)
        #expect(canvas[3, 1].style == TestStyle.red)
        #expect(canvas[0, 2].style == TestStyle.reverse)
        #expect(canvas[3, 2].style == TestStyle.reverse)
    }

    @Test func wideCharactersAreNeverSplitAndAlignRight() {
        let columns = [TableColumn(title: "名前", minWidth: 5, maxWidth: 5, alignment: .right)]
        let rows = [TableRow(["日本語"]), TableRow(["😀x"]), TableRow(["ab"])]
        expectScreen(render(Table(columns: columns, rows: rows), 5, 4), [" 名前", "日本…", "  😀x", "   ab"])
    }

    @Test func anASCIICanvasDrawsEachWideCharacterAsOneQuestionMark() {
        let columns = [TableColumn(title: "NAME", minWidth: 4, maxWidth: 4), TableColumn(title: "X", minWidth: 1)]
        let rows = [TableRow(["日本語ポッド", "y"])]
        expectScreen(render(Table(columns: columns, rows: rows), 6, 2, glyphs: .ascii), ["NAME X", "???~ y"])
    }

    @Test func missingCellsAreBlankAndExtraCellsIgnored() {
        let columns = [TableColumn(title: "A", minWidth: 2), TableColumn(title: "B", minWidth: 2)]
        let rows = [TableRow(["1"]), TableRow(["2", "3", "4"])]
        expectScreen(render(Table(columns: columns, rows: rows), 5, 3), ["A  B ", "1    ", "2  3 "])
    }

    @Test func columnsThatDoNotFitAreCutFromTheRight() {
        let columns = [TableColumn(title: "NAME", minWidth: 6), TableColumn(title: "STATUS", minWidth: 6)]
        let rows = [TableRow(["kafka-0", "Running"])]
        expectScreen(render(Table(columns: columns, rows: rows), 8, 2), ["NAME   S", "kafka… R"])
    }

    @Test func tinyAreasDoNotTrap() {
        let table = Table(columns: podColumns, rows: podRows, state: TableState(selectedIndex: 2), emptyMessage: "no pods")
        expectScreen(render(table, 0, 0), [])
        expectScreen(render(table, 1, 1), ["N"])
        expectScreen(render(table, 3, 2), ["NA…", "日…"])
        expectScreen(render(Table(columns: [], rows: podRows), 4, 2), ["    ", "    "])
        var canvas = makeCanvas(4, 2)
        table.render(in: Rect(x: -10, y: -10, width: 30, height: 12), on: &canvas)
        #expect(canvas.lines.count == 2)
        #expect(Table.visibleRowCount(in: Rect(x: 0, y: 0, width: 3, height: 0)) == 0)
        #expect(Table.visibleRowCount(in: Rect(x: 0, y: 0, width: 3, height: 5)) == 4)
    }

    @Test func columnWidthsGiveMinimumsThenShareUpToTheMaximums() {
        #expect(TableColumn.widths(of: podColumns, in: 26) == [11, 9, 4])
        #expect(TableColumn.widths(of: podColumns, in: 17) == [6, 6, 3])
        #expect(TableColumn.widths(of: podColumns, in: 10) == [6, 3, 0])
        let open = [TableColumn(title: "A", minWidth: 1), TableColumn(title: "B", minWidth: 1), TableColumn(title: "C", minWidth: 1)]
        #expect(TableColumn.widths(of: open, in: 12) == [4, 3, 3])
        #expect(TableColumn.widths(of: open, in: 12, spacing: 0) == [4, 4, 4])
        let capped = [TableColumn(title: "A", minWidth: 2, maxWidth: 3)]
        #expect(TableColumn.widths(of: capped, in: 10) == [3])
        #expect(TableColumn.widths(of: [TableColumn(title: "A", minWidth: Int.max)], in: 5, spacing: Int.max) == [5])
        #expect(TableColumn.widths(of: podColumns, in: -4) == [0, 0, 0])
    }
}

@Suite struct TableSelectionMarkerTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    @Test func theMarkerGutterShowsTheSelectionWithoutColour() {
        let table = Table(columns: [TableColumn(title: "NAME", minWidth: 4)],
                          rows: [TableRow(["kafka-0"]), TableRow(["kafka-1"])],
                          state: TableState(selectedIndex: 1), showsSelectionMarker: true)
        var canvas = makeCanvas(8, 3)
        table.render(in: canvas.bounds, on: &canvas)
        expectScreen(canvas, ["  NAME  ", "  kafka…", "▶ kafka…"])
        var ascii = makeCanvas(9, 3, glyphs: .ascii)
        table.render(in: ascii.bounds, on: &ascii)
        expectScreen(ascii, ["  NAME   ", "  kafka-0", "> kafka-1"])
        var narrow = makeCanvas(1, 3)
        table.render(in: narrow.bounds, on: &narrow)
        expectScreen(narrow, [" ", " ", "▶"])
    }

    @Test func theTableOwnsItsWholeArea() {
        var canvas = makeCanvas(4, 4)
        canvas.fill(canvas.bounds, style: .plain, grapheme: ".")
        Table(columns: [TableColumn(title: "A", minWidth: 1)], rows: [TableRow(["x"])]).render(in: canvas.bounds, on: &canvas)
        expectScreen(canvas, ["A   ", "x   ", "    ", "    "])
    }
}
