/// The drawing characters a screen uses: Unicode where the locale is UTF-8, ASCII otherwise.
package struct GlyphSet: Hashable, Sendable {
    package var horizontal: String
    package var vertical: String
    package var topLeft: String
    package var topRight: String
    package var bottomLeft: String
    package var bottomRight: String
    /// Sparkline levels from lowest to highest.
    package var sparkline: [String]
    package var ellipsis: String
    package var gaugeFilled: String
    package var gaugeEmpty: String
    package var badge: String
    package var selectionMarker: String
    package var sortAscending: String
    package var sortDescending: String
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
