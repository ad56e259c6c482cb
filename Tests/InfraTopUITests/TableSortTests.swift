import Testing
@testable import InfraTopUI

@Suite struct TableSortTests {
    private func sorted(_ values: [String], _ direction: SortDirection = .ascending) -> [String] {
        TableSort(column: 0, direction: direction).sorted(values) { $0 }
    }

    @Test func numbersSortByValue() {
        #expect(sorted(["10", "9", "100", "1", "-3", "2.5"]) == ["-3", "1", "2.5", "9", "10", "100"])
        #expect(sorted(["10", "9", "100", "1"], .descending) == ["100", "10", "9", "1"])
    }

    @Test func restartCountsWithTheirAgeSortByTheCount() {
        #expect(sorted(["17 (2m ago)", "3", "0", "2 (5s ago)"]) == ["0", "2 (5s ago)", "3", "17 (2m ago)"])
    }

    @Test func durationsSortByTheirLengthInTime() {
        #expect(sorted(["14d", "2m50s", "3h", "45s", "5d3h", "150ms", "2y30d", "59m"])
            == ["150ms", "45s", "2m50s", "59m", "3h", "5d3h", "14d", "2y30d"])
    }

    @Test func sizesSortByBytes() {
        #expect(sorted(["1Gi", "512Mi", "256mb", "900B", "12K"]) == ["900B", "12K", "256mb", "512Mi", "1Gi"])
    }

    @Test func namesCompareDigitRunsAsNumbersAndIgnoreCase() {
        #expect(sorted(["kafka-10", "kafka-2", "kafka-1", "Kafka-1", "mongodb-0"])
            == ["Kafka-1", "kafka-1", "kafka-2", "kafka-10", "mongodb-0"])
        #expect(sorted(["b", "A", "a", "B"]) == ["A", "a", "B", "b"])
    }

    @Test func quantitiesComeBeforePlainTextAscending() {
        #expect(sorted(["<none>", "5", "-", "1"]) == ["1", "5", "-", "<none>"])
        #expect(sorted(["<none>", "5", "-", "1"], .descending) == ["<none>", "-", "5", "1"])
    }

    @Test func theSortIsStableInBothDirections() {
        let rows = [TableRow(["a", "1"]), TableRow(["b", "2"]), TableRow(["c", "1"]), TableRow(["d", "2"])]
        let ascending = TableSort(column: 1).sorted(rows).map { $0.cells[0].text }
        #expect(ascending == ["a", "c", "b", "d"])
        let descending = TableSort(column: 1, direction: .descending).sorted(rows).map { $0.cells[0].text }
        #expect(descending == ["b", "d", "a", "c"])
    }

    @Test func rowsWithoutTheColumnSortAsEmptyText() {
        let rows = [TableRow(["x", "zeta"]), TableRow(["y"]), TableRow(["z", "alpha"])]
        #expect(TableSort(column: 1).sorted(rows).map { $0.cells[0].text } == ["y", "z", "x"])
        #expect(TableSort(column: 7).sorted(rows).map { $0.cells[0].text } == ["x", "y", "z"])
    }

    @Test func comparesLikeTheSort() {
        #expect(TableSort.compare("9", "10") < 0)
        #expect(TableSort.compare("3h", "2m50s") > 0)
        #expect(TableSort.compare("x", "x") == 0)
        #expect(TableSort.compare("1e400", "1") != 0)
        #expect(SortDirection.ascending.reversed == .descending)
    }

    @Test func absurdNumbersDoNotTrap() {
        let huge = String(repeating: "9", count: 400)
        #expect(sorted([huge, "1", "node-\(huge)", "node-2"]) == ["1", huge, "node-2", "node-\(huge)"])
    }
}
