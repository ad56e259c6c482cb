import Testing
@testable import InfraTopUI

@Suite struct BadgeTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    private func render(_ badge: Badge, _ width: Int, glyphs: GlyphSet = .unicode) -> Canvas {
        var canvas = makeCanvas(width, 1, glyphs: glyphs)
        badge.render(in: canvas.bounds, on: &canvas)
        return canvas
    }

    @Test func dotInTheStatusStyleThenTheText() {
        let badge = Badge("kafka 1/3", statusStyle: TestStyle.red, textStyle: TestStyle.bold)
        let canvas = render(badge, 12)
        expectScreen(canvas, ["● kafka 1/3 "])
        #expect(canvas[0, 0].style == TestStyle.red)
        #expect(canvas[2, 0].style == TestStyle.bold)
        #expect(badge.width(on: canvas) == 11)
        #expect(render(Badge("redis", statusStyle: TestStyle.green), 7)[3, 0].style == TestStyle.green)
    }

    @Test func narrowAreasCutTheTextAndKeepTheDot() {
        let badge = Badge("kafka 1/3", statusStyle: TestStyle.red)
        expectScreen(render(badge, 6), ["● kaf…"])
        expectScreen(render(badge, 2), ["● "])
        expectScreen(render(badge, 1), ["●"])
        expectScreen(render(badge, 0), [""])
        expectScreen(render(badge, 11, glyphs: .ascii), ["* kafka 1/3"])
        expectScreen(render(Badge("", statusStyle: TestStyle.red), 3), ["●  "])
    }
}

@Suite struct BadgeStripTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    private let strip = BadgeStrip([
        Badge("kafka 1/3", statusStyle: TestStyle.red),
        Badge("redis", statusStyle: TestStyle.green),
        Badge("mongodb", statusStyle: TestStyle.green),
    ], background: TestStyle.blue)

    private func render(_ strip: BadgeStrip, _ width: Int) -> Canvas {
        var canvas = makeCanvas(width, 1)
        strip.render(in: canvas.bounds, on: &canvas)
        return canvas
    }

    @Test func badgesThatDoNotFitWholeAreDropped() {
        expectScreen(render(strip, 32), ["● kafka 1/3  ● redis  ● mongodb "])
        expectScreen(render(strip, 31), ["● kafka 1/3  ● redis  ● mongodb"])
        expectScreen(render(strip, 30), ["● kafka 1/3  ● redis          "])
        expectScreen(render(strip, 12), ["● kafka 1/3 "])
        expectScreen(render(strip, 10), ["          "])
        #expect(strip.fittingCount(in: 20, on: makeCanvas(1, 1)) == 2)
        #expect(BadgeStrip([]).fittingCount(in: 5, on: makeCanvas(1, 1)) == 0)
    }

    @Test func eachBadgeKeepsItsStyleAndTheGapsTakeTheBackground() {
        let canvas = render(strip, 32)
        #expect(canvas[0, 0].style == TestStyle.red)
        #expect(canvas[11, 0].style == TestStyle.blue)
        #expect(canvas[13, 0].style == TestStyle.green)
    }
}
