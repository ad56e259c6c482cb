import Testing
@testable import InfraTopUI

@Suite struct GaugeTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    private func gauge(_ value: Double, limit: Double? = 100, valueText: String? = nil) -> Gauge {
        Gauge(label: "used", value: value, limit: limit, valueText: valueText,
              labelStyle: TestStyle.bold, normalStyle: TestStyle.green, warningStyle: TestStyle.yellow,
              criticalStyle: TestStyle.red, emptyStyle: TestStyle.blue)
    }

    private func render(_ gauge: Gauge, _ width: Int, _ height: Int = 1, glyphs: GlyphSet = .unicode) -> Canvas {
        var canvas = makeCanvas(width, height, glyphs: glyphs)
        gauge.render(in: canvas.bounds, on: &canvas)
        return canvas
    }

    @Test func drawsLabelBarAndPercentage() {
        let canvas = render(gauge(78), 20)
        expectScreen(canvas, ["used ███████░░░  78%"])
        #expect(canvas[0, 0].style == TestStyle.bold)
        #expect(canvas[5, 0].style == TestStyle.yellow)
        #expect(canvas[11, 0].style == TestStyle.yellow)
        #expect(canvas[12, 0].style == TestStyle.blue)
        #expect(canvas[19, 0].style == TestStyle.yellow)
    }

    @Test func thresholdsPickTheStyleOfTheFilledPart() {
        #expect(render(gauge(50), 20)[5, 0].style == TestStyle.green)
        #expect(render(gauge(74.9), 20)[5, 0].style == TestStyle.green)
        #expect(render(gauge(75), 20)[5, 0].style == TestStyle.yellow)
        #expect(render(gauge(89.9), 20)[5, 0].style == TestStyle.yellow)
        #expect(render(gauge(90), 20)[5, 0].style == TestStyle.red)
        var custom = gauge(55)
        custom.warningFraction = 0.5
        custom.criticalFraction = 0.6
        #expect(custom.levelStyle == TestStyle.yellow)
        custom.value = 60
        #expect(custom.levelStyle == TestStyle.red)
    }

    @Test func aValueAboveTheLimitFillsTheBarAndShowsTheTruePercentage() {
        let canvas = render(gauge(130), 20)
        expectScreen(canvas, ["used ██████████ 130%"])
        #expect(canvas[16, 0].style == TestStyle.red)
    }

    @Test func withoutALimitThereIsNoBar() {
        expectScreen(render(gauge(212, limit: nil, valueText: "212Mi"), 22), ["used 212Mi no limit   "])
        expectScreen(render(gauge(512, limit: 0), 20), ["used 512 no limit   "])
        expectScreen(render(gauge(0.5, limit: -1), 20), ["used 0.5 no limit   "])
        #expect(render(gauge(512, limit: nil), 20)[9, 0].style == TestStyle.blue)
    }

    @Test func emptyAndFullBars() {
        expectScreen(render(gauge(0), 15), ["used ░░░░░   0%"])
        expectScreen(render(gauge(100), 15), ["used █████ 100%"])
        expectScreen(render(gauge(-20), 15), ["used ░░░░░   0%"])
    }

    @Test func narrowAreasDropTheBarThenThePercentage() {
        expectScreen(render(gauge(78), 11), ["used ░  78%"])
        expectScreen(render(gauge(78), 10), ["used 78%  "])
        expectScreen(render(gauge(78), 8), ["used 78%"])
        expectScreen(render(gauge(78), 7), ["used   "])
        expectScreen(render(gauge(78), 2), ["us"])
        expectScreen(render(gauge(78), 0, 0), [])
    }

    @Test func asciiGlyphs() {
        expectScreen(render(gauge(78), 20, glyphs: .ascii), ["used #######...  78%"])
    }

    @Test func unknownAndInfiniteValuesDoNotTrap() {
        expectScreen(render(gauge(.nan), 15), ["used ░░░░░   ?%"])
        expectScreen(render(gauge(.infinity), 17), ["used █████ 99999%"])
        expectScreen(render(gauge(.nan, limit: nil), 15), ["used ? no limit"])
        expectScreen(render(gauge(5, limit: .infinity), 15), ["used 5 no limit"])
    }

    @Test func drawsOnlyInItsArea() {
        var canvas = makeCanvas(12, 3)
        canvas.fill(canvas.bounds, style: .plain, grapheme: ".")
        gauge(50).render(in: Rect(x: 1, y: 1, width: 10, height: 1), on: &canvas)
        expectScreen(canvas, ["............", ".used 50%  .", "............"])
    }
}
