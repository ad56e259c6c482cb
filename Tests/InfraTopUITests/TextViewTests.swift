import Testing
@testable import InfraTopUI

@Suite struct TextViewTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    private let numbered: [StyledLine] = ["l1", "l2", "l3", "l4", "l5"]

    private func render<Lines>(_ view: TextView<Lines>, _ width: Int, _ height: Int, glyphs: GlyphSet = .unicode) -> Canvas {
        var canvas = makeCanvas(width, height, glyphs: glyphs)
        view.render(in: canvas.bounds, on: &canvas)
        return canvas
    }

    private func scrolled(to offset: Int) -> TextViewState {
        TextViewState(offset: offset, followsTail: false)
    }

    @Test func longLinesAreCutAtTheEdgeWhenNotWrapping() {
        let view = TextView(lines: ["first line", "second", "third"], state: scrolled(to: 0))
        expectScreen(render(view, 6, 2), ["first ", "second"])
    }

    @Test func followingKeepsTheLastLineOnTheBottomRow() {
        expectScreen(render(TextView(lines: numbered), 4, 2), ["l4  ", "l5  "])
        expectScreen(render(TextView(lines: ["only"]), 4, 3), ["only", "    ", "    "])
    }

    @Test func theOffsetIsClampedToTheLastScreenful() {
        expectScreen(render(TextView(lines: numbered, state: scrolled(to: 1)), 2, 2), ["l2", "l3"])
        expectScreen(render(TextView(lines: numbered, state: scrolled(to: 100)), 2, 2), ["l4", "l5"])
        expectScreen(render(TextView(lines: numbered, state: scrolled(to: 3)), 2, 6), ["l1", "l2", "l3", "l4", "l5", "  "])
    }

    @Test func wrappingBreaksByDisplayWidthAndNeverSplitsAWideCharacter() {
        let view = TextView(lines: ["abcdefgh"], state: scrolled(to: 0), wraps: true)
        expectScreen(render(view, 3, 3), ["abc", "def", "gh "])
        let wide = TextView(lines: ["ab日本"], state: scrolled(to: 0), wraps: true)
        expectScreen(render(wide, 3, 3), ["ab ", "日 ", "本 "])
        let empty = TextView(lines: ["a", "", "b"], state: scrolled(to: 0), wraps: true)
        expectScreen(render(empty, 2, 3), ["a ", "  ", "b "])
    }

    @Test func followingWithWrapShowsTheEndOfTheLastLine() {
        let view = TextView(lines: ["one", "abcdefgh"], wraps: true)
        expectScreen(render(view, 3, 2), ["def", "gh "])
        expectScreen(render(view, 3, 5), ["one", "abc", "def", "gh ", "   "])
    }

    @Test func maxOffsetCountsWrappedRows() {
        let canvas = makeCanvas(3, 3)
        let view = TextView(lines: ["a", "b", "abcdef"], wraps: true)
        #expect(view.maxOffset(in: canvas.bounds, canvas: canvas) == 1)
        let tall = TextView(lines: ["a", "abcdefghijkl"], state: scrolled(to: 5), wraps: true)
        #expect(tall.maxOffset(in: Rect(x: 0, y: 0, width: 3, height: 2), canvas: canvas) == 1)
        expectScreen(render(tall, 3, 2), ["abc", "def"])
        #expect(TextView(lines: []).maxOffset(in: canvas.bounds, canvas: canvas) == 0)
        #expect(TextView(lines: numbered).maxOffset(in: Rect(x: 0, y: 0, width: 3, height: 2), canvas: canvas) == 3)
    }

    @Test func spanStylesSurviveWrapping() {
        let line = StyledLine([Span("ab", style: TestStyle.red), Span("cd")])
        let canvas = render(TextView(lines: [line], state: scrolled(to: 0), wraps: true, style: TestStyle.blue), 3, 2)
        expectScreen(canvas, ["abc", "d  "])
        #expect(canvas[1, 0].style == TestStyle.red)
        #expect(canvas[2, 0].style == TestStyle.blue)
        #expect(canvas[0, 1].style == TestStyle.blue)
        #expect(canvas[2, 1].style == TestStyle.blue)
    }

    @Test func tinyWidthsAndASCII() {
        let wide = TextView(lines: ["日x"], state: scrolled(to: 0), wraps: true)
        expectScreen(render(wide, 1, 2), [" ", "x"])
        expectScreen(render(wide, 1, 2, glyphs: .ascii), ["?", "x"])
        expectScreen(render(wide, 0, 0), [])
        expectScreen(render(TextView(lines: []), 2, 1), ["  "])
    }

    @Test func scrollingUpStopsFollowingAndScrollToEndResumes() {
        var state = TextViewState()
        state.scroll(by: -1, maxOffset: 8)
        #expect(state == TextViewState(offset: 7, followsTail: false))
        state.scroll(by: 100, maxOffset: 8)
        #expect(state == TextViewState(offset: 8, followsTail: false))
        state.scroll(by: Int.min, maxOffset: 8)
        #expect(state == TextViewState(offset: 0, followsTail: false))
        state.scroll(by: 3, maxOffset: -5)
        #expect(state == TextViewState(offset: 0, followsTail: false))
        state.scrollToEnd()
        #expect(state.followsTail)
        state.scroll(by: 2, maxOffset: 8)
        #expect(state == TextViewState(offset: 8, followsTail: true))
        state.scrollToTop()
        #expect(state == TextViewState(offset: 0, followsTail: false))
    }
}

@Suite struct TextViewCollectionTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    @Test func aLazyMapStylesOnlyTheLinesOnScreen() {
        let log = (0..<10_000).map { "line \($0)" }
        let styled = Counter()
        let lines = log.lazy.map { text -> StyledLine in
            styled.count += 1
            return StyledLine(text)
        }
        var canvas = makeCanvas(10, 2)
        TextView(lines: lines).render(in: canvas.bounds, on: &canvas)
        expectScreen(canvas, ["line 9998 ", "line 9999 "])
        #expect(styled.count <= 4)
    }

    @Test func aSliceKeepsItsOwnIndices() {
        let lines: [StyledLine] = ["a", "b", "c", "d", "e"]
        var canvas = makeCanvas(1, 2)
        TextView(lines: lines[2...], state: TextViewState(offset: 0, followsTail: false)).render(in: canvas.bounds, on: &canvas)
        expectScreen(canvas, ["c", "d"])
    }
}

/// Counts calls from a non-escaping test closure.
private final class Counter {
    var count = 0
}
