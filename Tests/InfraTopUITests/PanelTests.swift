import Testing
@testable import InfraTopUI

@Suite struct PanelTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    private func render(_ panel: Panel, _ width: Int, _ height: Int, glyphs: GlyphSet = .unicode) -> Canvas {
        var canvas = makeCanvas(width, height, glyphs: glyphs)
        panel.render(in: canvas.bounds, on: &canvas)
        return canvas
    }

    @Test func drawsTheTitleLeftAndTheStatusRightInTheTopBorder() {
        let canvas = render(Panel(title: "Kafka", status: "live 2s"), 22, 4)
        expectScreen(canvas, [
            "┌ Kafka ──── live 2s ┐",
            "│                    │",
            "│                    │",
            "└────────────────────┘",
        ])
    }

    @Test func aStatusThatDoesNotFitWholeIsDroppedAndTheTitleIsCut() {
        expectScreen(render(Panel(title: "Kafka", status: "live 2s"), 10, 2), ["┌ Kafka ─┐", "└────────┘"])
        expectScreen(render(Panel(title: "Kafka", status: "live 2s"), 6, 2), ["┌ K… ┐", "└────┘"])
        expectScreen(render(Panel(title: "Kafka"), 4, 2), ["┌──┐", "└──┘"])
        expectScreen(render(Panel(status: "live"), 9, 2), ["┌─ live ┐", "└───────┘"])
    }

    @Test func wideTitlesAreCutBetweenCharacters() {
        expectScreen(render(Panel(title: "日本語タイトル"), 10, 2), ["┌ 日本… ─┐", "└────────┘"])
    }

    @Test func tinyAreasDrawWhatFits() {
        expectScreen(render(Panel(title: "Kafka"), 0, 0), [])
        expectScreen(render(Panel(title: "Kafka"), 1, 1), [" "])
        expectScreen(render(Panel(title: "Kafka"), 1, 3), [" ", " ", " "])
        expectScreen(render(Panel(title: "Kafka"), 5, 1), ["┌ K ┐"])
        expectScreen(render(Panel(title: "Kafka"), 2, 2), ["┌┐", "└┘"])
        #expect(Panel().inner(of: Rect(x: 0, y: 0, width: 1, height: 1)).isEmpty)
        #expect(Panel().inner(of: Rect(x: 3, y: 2, width: 10, height: 5)) == Rect(x: 4, y: 3, width: 8, height: 3))
    }

    @Test func asciiGlyphsDrawThePlainBox() {
        expectScreen(render(Panel(title: "Kafka"), 12, 3, glyphs: .ascii), [
            "+ Kafka ---+",
            "|          |",
            "+----------+",
        ])
    }

    @Test func drawsNothingOutsideItsArea() {
        var canvas = makeCanvas(8, 4)
        canvas.fill(canvas.bounds, style: .plain, grapheme: ".")
        Panel(title: "x").render(in: Rect(x: 2, y: 1, width: 4, height: 2), on: &canvas)
        expectScreen(canvas, ["........", "..┌──┐..", "..└──┘..", "........"])
    }

    @Test func anAreaPartlyOffTheCanvasIsClipped() {
        var canvas = makeCanvas(5, 3)
        Panel(title: "Kafka").render(in: Rect(x: -2, y: -1, width: 6, height: 3), on: &canvas)
        expectScreen(canvas, ["   │ ", "───┘ ", "     "])
    }

    @Test func focusChangesTheBorderStyleAndTheTitleKeepsItsOwn() {
        let panel = Panel(title: "Redis", borderStyle: TestStyle.blue, focusedBorderStyle: TestStyle.yellow,
                          titleStyle: TestStyle.bold, statusStyle: TestStyle.green)
        let plain = render(panel, 12, 3)
        #expect(plain[0, 0].style == TestStyle.blue)
        #expect(plain[0, 1].style == TestStyle.blue)
        #expect(plain[2, 0].style == TestStyle.bold)
        var focusedPanel = panel
        focusedPanel.isFocused = true
        let focused = render(focusedPanel, 12, 3)
        #expect(focused[0, 0].style == TestStyle.yellow)
        #expect(focused[11, 2].style == TestStyle.yellow)
        #expect(focused[2, 0].style == TestStyle.bold)
    }

    @Test func theBackgroundFillsTheInside() {
        let canvas = render(Panel(title: "x", background: TestStyle.red), 5, 3)
        #expect(canvas[2, 1].style == TestStyle.red)
        #expect(canvas[2, 1].grapheme == " ")
    }

    @Test func paddingNarrowsTheInnerAreaButNeverBelowZero() {
        let padded = Panel(horizontalPadding: 1)
        #expect(padded.inner(of: Rect(x: 0, y: 0, width: 10, height: 4)) == Rect(x: 2, y: 1, width: 6, height: 2))
        #expect(padded.inner(of: Rect(x: 0, y: 0, width: 3, height: 3)) == Rect(x: 1, y: 1, width: 1, height: 1))
        #expect(Panel(horizontalPadding: 50).inner(of: Rect(x: 0, y: 0, width: 6, height: 3)) == Rect(x: 3, y: 1, width: 0, height: 1))
        #expect(Panel(horizontalPadding: -3).inner(of: Rect(x: 0, y: 0, width: 6, height: 3)) == Rect(x: 1, y: 1, width: 4, height: 1))
    }
}
