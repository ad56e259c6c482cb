import Testing
@testable import InfraTopUI

@Suite struct PopupTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    private func dotted(_ width: Int, _ height: Int) -> Canvas {
        var canvas = makeCanvas(width, height)
        canvas.fill(canvas.bounds, style: .plain, grapheme: ".")
        return canvas
    }

    @Test func clearsACentredRectAndDrawsThePanelAndLines() {
        var canvas = dotted(12, 6)
        let popup = Popup(width: 8, height: 4, panel: Panel(title: "Help"), lines: ["q quit", "? this help"])
        popup.render(in: canvas.bounds, on: &canvas)
        expectScreen(canvas, [
            "............",
            "..┌ Help ┐..",
            "..│q quit│..",
            "..│? this│..",
            "..└──────┘..",
            "............",
        ])
        #expect(popup.inner(in: canvas.bounds) == Rect(x: 3, y: 2, width: 6, height: 2))
    }

    @Test func aPopupLargerThanTheAreaIsClampedToIt() {
        var canvas = dotted(6, 3)
        let popup = Popup(width: 50, height: 50, panel: Panel(title: "Help"))
        #expect(popup.frame(in: canvas.bounds) == canvas.bounds)
        popup.render(in: canvas.bounds, on: &canvas)
        expectScreen(canvas, ["┌ H… ┐", "│    │", "└────┘"])
    }

    @Test func centresWithinAnOffsetAreaAndSurvivesTinyOnes() {
        let popup = Popup(width: 3, height: 1, panel: Panel())
        #expect(popup.frame(in: Rect(x: 10, y: 4, width: 8, height: 4)) == Rect(x: 12, y: 5, width: 3, height: 1))
        var canvas = dotted(3, 3)
        Popup(width: -2, height: 2, panel: Panel()).render(in: canvas.bounds, on: &canvas)
        expectScreen(canvas, ["...", "...", "..."])
        Popup(width: 1, height: 1, panel: Panel(), style: TestStyle.red).render(in: canvas.bounds, on: &canvas)
        expectScreen(canvas, ["...", ". .", "..."])
        #expect(canvas[1, 1].style == TestStyle.red)
    }
}
