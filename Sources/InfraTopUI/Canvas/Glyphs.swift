/// The drawing characters a screen uses: Unicode where the locale is UTF-8, ASCII otherwise.
public struct GlyphSet: Hashable, Sendable {
    public var horizontal: String
    public var vertical: String
    public var topLeft: String
    public var topRight: String
    public var bottomLeft: String
    public var bottomRight: String
    /// Sparkline levels from lowest to highest.
    public var sparkline: [String]
    public var ellipsis: String
    public var gaugeFilled: String
    public var gaugeEmpty: String
    public var badge: String
    public var selectionMarker: String
    public var sortAscending: String
    public var sortDescending: String
    /// False when the terminal cannot show anything outside ASCII.
    public var allowsUnicode: Bool

    public static let unicode = GlyphSet(
        horizontal: "─", vertical: "│",
        topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        sparkline: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        ellipsis: "…", gaugeFilled: "█", gaugeEmpty: "░", badge: "●",
        selectionMarker: "▶", sortAscending: "▲", sortDescending: "▼",
        allowsUnicode: true
    )

    public static let ascii = GlyphSet(
        horizontal: "-", vertical: "|",
        topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        sparkline: ["_", ".", "-", "~", "=", "*", "#", "@"],
        ellipsis: "~", gaugeFilled: "#", gaugeEmpty: ".", badge: "*",
        selectionMarker: ">", sortAscending: "^", sortDescending: "v",
        allowsUnicode: false
    )
}
