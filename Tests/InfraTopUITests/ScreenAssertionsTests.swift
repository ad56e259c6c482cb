import Testing
@testable import InfraTopUI

@Suite struct ScreenAssertionsTests {
    @Test func theReportShowsBothScreensAndMarksTheRowsThatDiffer() {
        let report = screenDifference(expected: ["ab", "cd"], actual: ["ab", "cx", "ef"])
        #expect(report.split(separator: "\n").map(String.init) == [
            "screens differ (expected 2 rows, got 3)",
            "  0: expected |ab|",
            "  0:      got |ab|",
            "> 1: expected |cd|",
            "> 1:      got |cx|",
            "> 2: expected (none)",
            "> 2:      got |ef|",
        ])
    }
}
