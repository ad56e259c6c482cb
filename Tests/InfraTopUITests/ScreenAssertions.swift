import Testing
@testable import InfraTopUI

/// Checks that a canvas shows exactly `expected`, reporting both screens line by line when not.
func expectScreen(
    _ canvas: Canvas,
    _ expected: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let actual = canvas.lines
    guard actual != expected else { return }
    Issue.record(Comment(rawValue: screenDifference(expected: expected, actual: actual)), sourceLocation: sourceLocation)
}

/// Both screens framed in `|` so trailing blanks show, with `>` on the rows that differ.
func screenDifference(expected: [String], actual: [String]) -> String {
    var report = "screens differ (expected \(expected.count) rows, got \(actual.count))\n"
    for row in 0..<max(expected.count, actual.count) {
        let wanted = row < expected.count ? "|\(expected[row])|" : "(none)"
        let got = row < actual.count ? "|\(actual[row])|" : "(none)"
        let mark = wanted == got ? " " : ">"
        report += "\(mark) \(row): expected \(wanted)\n"
        report += "\(mark) \(row):      got \(got)\n"
    }
    return report
}

/// A canvas of `width` × `height` in the test locale.
func makeCanvas(_ width: Int, _ height: Int, glyphs: GlyphSet = .unicode) -> Canvas {
    Canvas(width: width, height: height, glyphs: glyphs)
}

/// Styles every test can tell apart.
enum TestStyle {
    static let red = Style(foreground: .red)
    static let green = Style(foreground: .green)
    static let yellow = Style(foreground: .yellow)
    static let blue = Style(foreground: .blue)
    static let bold = Style().adding(.bold)
    static let reverse = Style().adding(.reverse)
}
