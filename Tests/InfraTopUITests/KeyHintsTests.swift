import Testing
@testable import InfraTopUI

@Suite struct KeyHintsTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    private let hints = KeyHints([(key: "q", label: "Quit"), (key: "?", label: "Help"), (key: "/", label: "Filter")],
                                 keyStyle: TestStyle.bold, labelStyle: TestStyle.blue, background: TestStyle.green)

    private func render(_ hints: KeyHints, _ width: Int, _ height: Int = 1) -> Canvas {
        var canvas = makeCanvas(width, height)
        hints.render(in: canvas.bounds, on: &canvas)
        return canvas
    }

    @Test func drawsHintsInOrderWithKeyAndLabelStyles() {
        let canvas = render(hints, 26)
        expectScreen(canvas, ["q Quit  ? Help  / Filter  "])
        #expect(canvas[0, 0].style == TestStyle.bold)
        #expect(canvas[2, 0].style == TestStyle.blue)
        #expect(canvas[7, 0].style == TestStyle.green)
        #expect(canvas[25, 0].style == TestStyle.green)
    }

    @Test func hintsThatDoNotFitWholeAreDropped() {
        expectScreen(render(hints, 24), ["q Quit  ? Help  / Filter"])
        expectScreen(render(hints, 23), ["q Quit  ? Help         "])
        expectScreen(render(hints, 13), ["q Quit       "])
        expectScreen(render(hints, 5), ["     "])
        expectScreen(render(hints, 0, 0), [])
    }

    @Test func wideLabelsAndEmptyLabels() {
        let wide = KeyHints([KeyHint(key: "l", label: "ログ"), KeyHint(key: "esc", label: "")])
        expectScreen(render(wide, 12), ["l ログ  esc "])
        expectScreen(render(wide, 6), ["l ログ"])
        expectScreen(render(wide, 5), ["     "])
    }
}
