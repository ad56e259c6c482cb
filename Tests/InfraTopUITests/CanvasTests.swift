import Testing
@testable import InfraTopUI

@Suite struct CanvasTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    @Test func writesPlainTextAndClipsAtTheEdge() {
        var canvas = Canvas(width: 6, height: 1)
        let written = canvas.write("infratop", x: 1, y: 0, style: .plain)
        #expect(written == 5)
        #expect(canvas.lines == [" infra"])
    }

    @Test func wideGraphemesTakeTwoCellsAndCombiningMarksNone() {
        var canvas = Canvas(width: 8, height: 2)
        canvas.write("日本x", x: 0, y: 0, style: .plain)
        canvas.write("e\u{301}😀z", x: 0, y: 1, style: .plain)
        #expect(canvas.lines == ["日本x   ", "é😀z    "])
        #expect(canvas[1, 0].isContinuation)
        #expect(TextWidth.of("日本") == 4)
        #expect(TextWidth.of("e\u{301}") == 1)
    }

    @Test func aWideGraphemeThatWouldStraddleTheEdgeBecomesABlank() {
        var canvas = Canvas(width: 3, height: 1)
        canvas.write("ab日", x: 0, y: 0, style: .plain)
        #expect(canvas.lines == ["ab "])
    }

    @Test func overwritingHalfAWideGraphemeBlanksTheOtherHalf() {
        var canvas = Canvas(width: 4, height: 1)
        canvas.write("日本", x: 0, y: 0, style: .plain)
        canvas.write("x", x: 1, y: 0, style: .plain)
        #expect(canvas.lines == [" x本"])
        canvas.write("y", x: 2, y: 0, style: .plain)
        #expect(canvas.lines == [" xy "])
    }

    @Test func controlCharactersAreDrawnInert() {
        var canvas = Canvas(width: 12, height: 1)
        canvas.write("a\u{1B}]0;pwn\u{07}b\u{9B}", x: 0, y: 0, style: .plain)
        #expect(canvas.lines == ["a␛]0;pwn␇b\u{FFFD} "])
        #expect(!canvas.lines[0].unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    @Test func asciiGlyphsReplaceWhatTheTerminalCannotShow() {
        var canvas = Canvas(width: 5, height: 1, glyphs: .ascii)
        canvas.write("a日\u{1B}b", x: 0, y: 0, style: .plain)
        #expect(canvas.lines == ["a??b "])
    }

    @Test func truncationEndsInAnEllipsisAndRespectsWidth() {
        #expect(TextWidth.truncate("kafka-headless", to: 8) == "kafka-h…")
        #expect(TextWidth.truncate("日本語テキスト", to: 6) == "日本…")
        #expect(TextWidth.truncate("abc", to: 3) == "abc")
        #expect(TextWidth.truncate("abc", to: 0) == "")
        #expect(TextWidth.pad("ab", to: 4, alignRight: true) == "  ab")
    }

    @Test func zeroSizedCanvasIgnoresWrites() {
        var canvas = Canvas(width: 0, height: 0)
        #expect(canvas.write("x", x: 0, y: 0, style: .plain) == 0)
        canvas.fill(Rect(x: -3, y: -3, width: 10, height: 10), style: .plain)
        #expect(canvas.lines == [])
    }
}

@Suite struct CanvasClipTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    @Test func aWideGraphemeCutByTheLeftEdgeLeavesABlank() {
        var canvas = Canvas(width: 4, height: 1)
        canvas.fill(canvas.bounds, style: .plain, grapheme: ".")
        canvas.write("日xy", x: -1, y: 0, style: .plain)
        #expect(canvas.lines == [" xy."])
    }
}

@Suite struct WordWrappingTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    @Test func breaksAtSpacesAndKeepsTheIndent() {
        let canvas = Canvas(width: 1, height: 1)
        let rows = canvas.wrapWords("  kafka-1 Pending 14m: 0/3 nodes are available", to: 20)
        #expect(rows.map(\.text) == ["  kafka-1 Pending", "  14m: 0/3 nodes are", "  available"])
    }

    @Test func aWordLongerThanARowIsBrokenBetweenGraphemes() {
        let canvas = Canvas(width: 1, height: 1)
        let rows = canvas.wrapWords("pod=order-service-l267nzqbw7 ok", to: 10)
        #expect(rows.map(\.text) == ["pod=order-", "service-l2", "67nzqbw7", "ok"])
    }

    @Test func stylesSurviveTheBreaks() {
        let canvas = Canvas(width: 1, height: 1)
        let warn = Style(foreground: .yellow)
        let rows = canvas.wrapWords(StyledLine([Span("pods "), Span("0/1 ready now", style: warn)]), to: 9)
        #expect(rows.map(\.text) == ["pods 0/1", "ready now"])
        #expect(rows[1].spans.allSatisfy { $0.style == warn })
    }
}

@Suite struct WordWrappingAcrossSpansTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    @Test func wordsEndAtSpacesBetweenSpansToo() {
        let canvas = Canvas(width: 1, height: 1)
        let line = StyledLine([Span("in\u{00A0}metadata\u{00A0}"), Span("3"), Span("  "), Span("reachable\u{00A0}"), Span("3")])
        #expect(canvas.wrapWords(line, to: 16).map(\.text) == ["in\u{00A0}metadata\u{00A0}3", "reachable\u{00A0}3"])
    }
}
