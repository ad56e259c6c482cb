import Testing
@testable import InfraTopUI

@Suite struct SparklineTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    private func render(_ values: [Double?], maximum: Double? = nil, _ width: Int, _ height: Int = 1,
                        glyphs: GlyphSet = .unicode) -> Canvas {
        var canvas = makeCanvas(width, height, glyphs: glyphs)
        Sparkline(values: values, maximum: maximum, style: TestStyle.green).render(in: canvas.bounds, on: &canvas)
        return canvas
    }

    @Test func everyLevelFromLowestToHighest() {
        expectScreen(render([0, 1, 2, 3, 4, 5, 6, 7], 8), ["▁▂▃▄▅▆▇█"])
        expectScreen(render([0, 1, 2, 3, 4, 5, 6, 7], 8, glyphs: .ascii), ["_.-~=*#@"])
    }

    @Test func theNewestValueIsInTheLastColumn() {
        expectScreen(render([1, 2], maximum: 2, 5), ["   ▅█"])
        expectScreen(render([7, 7, 7, 0, 7], 3), ["█▁█"])
    }

    @Test func scalesToTheLargestVisibleValueUnlessGivenAMaximum() {
        expectScreen(render([100, 0, 7], 2), ["▁█"])
        expectScreen(render([5, 20], maximum: 10, 2), ["▅█"])
    }

    @Test func missingSamplesAreGapsAndZerosAreTheLowestLevel() {
        expectScreen(render([1, nil, 1], 3), ["█ █"])
        expectScreen(render([0, 0, 0], 3), ["▁▁▁"])
        expectScreen(render([-5, .nan, .infinity, 0], maximum: 10, 4), ["▁  ▁"])
        expectScreen(render([3, 3], maximum: 0, 2), ["▁▁"])
        expectScreen(render([], 3), ["   "])
    }

    @Test func tallerAreasStackBlocks() {
        expectScreen(render([0, 8, 16], maximum: 16, 3, 2), [" ▁█", "▁██"])
    }

    @Test func drawsInTheStyleAndOnlyInItsArea() {
        var canvas = makeCanvas(6, 3)
        canvas.fill(canvas.bounds, style: .plain, grapheme: ".")
        Sparkline(values: [1, 2, 3, 4], style: TestStyle.red).render(in: Rect(x: 1, y: 1, width: 3, height: 1), on: &canvas)
        expectScreen(canvas, ["......", ".▅▆█..", "......"])
        #expect(canvas[1, 1].style == TestStyle.red)
        expectScreen(render([1, 2, 3], 0, 0), [])
    }
}
