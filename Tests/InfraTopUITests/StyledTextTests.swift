import Testing
@testable import InfraTopUI

@Suite struct StyledTextTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    @Test func spansWithoutAStyleTakeTheLineStyle() {
        var canvas = makeCanvas(8, 1)
        let written = canvas.write(StyledLine([Span("ab", style: TestStyle.red), Span("cd")]), x: 1, y: 0, style: TestStyle.blue)
        expectScreen(canvas, [" abcd   "])
        #expect(written == 4)
        #expect(canvas[2, 0].style == TestStyle.red)
        #expect(canvas[3, 0].style == TestStyle.blue)
    }

    @Test func linesAreClippedOnBothSides() {
        var canvas = makeCanvas(6, 1)
        let line = StyledLine([Span("ab", style: TestStyle.red), Span("cd", style: TestStyle.green)])
        #expect(canvas.write(line, x: -1, y: 0) == 3)
        expectScreen(canvas, ["bcd   "])
        #expect(canvas[0, 0].style == TestStyle.red)
        #expect(canvas[1, 0].style == TestStyle.green)
        var clipped = makeCanvas(6, 1)
        #expect(clipped.write(StyledLine("abcdef"), x: 1, y: 0, clip: Rect(x: 2, y: 0, width: 2, height: 1)) == 2)
        expectScreen(clipped, ["  bc  "])
        #expect(clipped.write(StyledLine("x"), x: 0, y: 3) == 0)
    }

    @Test func widthCountsWideCharactersTwiceExceptOnAnASCIICanvas() {
        let line = StyledLine([Span("日本"), Span("x", style: TestStyle.red)])
        #expect(line.width == 5)
        #expect(line.text == "日本x")
        #expect(makeCanvas(1, 1).columns(of: line) == 5)
        #expect(makeCanvas(1, 1, glyphs: .ascii).columns(of: line) == 3)
        #expect(StyledLine([]).isEmpty)
        #expect(!StyledLine(" ").isEmpty)
    }

    @Test func truncationKeepsStylesAndEndsInTheEllipsis() {
        let canvas = makeCanvas(1, 1)
        let line = StyledLine([Span("kafka-", style: TestStyle.red), Span("headless", style: TestStyle.green)])
        let cut = canvas.truncate(line, to: 8)
        #expect(cut == StyledLine([Span("kafka-", style: TestStyle.red), Span("h", style: TestStyle.green),
                                   Span("…", style: TestStyle.green)]))
        #expect(canvas.truncate(line, to: 20) == line)
        let inheriting = StyledLine([Span("ab", style: TestStyle.red), Span("cdef")])
        #expect(canvas.truncate(inheriting, to: 4) == StyledLine([Span("ab", style: TestStyle.red), Span("c"), Span("…")]))
        #expect(canvas.truncate(StyledLine([Span("日本", style: TestStyle.red)]), to: 2)
            == StyledLine([Span("…", style: TestStyle.red)]))
        #expect(canvas.truncate(line, to: 1) == StyledLine([Span("k", style: TestStyle.red)]))
        #expect(canvas.truncate(line, to: 0) == StyledLine([]))
        #expect(makeCanvas(1, 1, glyphs: .ascii).truncate("日本語", to: 2) == "日~")
    }

    @Test func inheritingFillsOnlyMissingStyles() {
        let line = StyledLine([Span("a", style: TestStyle.red), Span("b")]).inheriting(TestStyle.blue)
        #expect(line.spans.map(\.style) == [TestStyle.red, TestStyle.blue])
    }
}
