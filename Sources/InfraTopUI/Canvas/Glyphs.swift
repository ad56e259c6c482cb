/// The drawing characters a screen uses: Unicode where the locale is UTF-8, ASCII otherwise.
package struct GlyphSet: Hashable, Sendable {
    var horizontal: String
    var vertical: String
    var topLeft: String
    var topRight: String
    var bottomLeft: String
    var bottomRight: String
    /// Sparkline levels from lowest to highest.
    package var sparkline: [String]
    var ellipsis: String
    var gaugeFilled: String
    var gaugeEmpty: String
    package var badge: String
    var selectionMarker: String
    var sortAscending: String
    var sortDescending: String
    /// False when the terminal cannot show anything outside ASCII.
    package var allowsUnicode: Bool

    package static let unicode = GlyphSet(
        horizontal: "─", vertical: "│",
        topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        sparkline: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        ellipsis: "…", gaugeFilled: "█", gaugeEmpty: "░", badge: "●",
        selectionMarker: "▶", sortAscending: "▲", sortDescending: "▼",
        allowsUnicode: true
    )

    package static let ascii = GlyphSet(
        horizontal: "-", vertical: "|",
        topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        sparkline: ["_", ".", "-", "~", "=", "*", "#", "@"],
        ellipsis: "~", gaugeFilled: "#", gaugeEmpty: ".", badge: "*",
        selectionMarker: ">", sortAscending: "^", sortDescending: "v",
        allowsUnicode: false
    )
}
