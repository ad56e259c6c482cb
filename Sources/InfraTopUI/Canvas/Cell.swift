/// One terminal cell: a grapheme and its style.
///
/// A wide grapheme (CJK, most emoji) occupies its cell and the next; the next cell is a
/// continuation with an empty grapheme, which the backend and the text rendering skip.
package struct Cell: Hashable, Sendable {
    package var grapheme: String
    package var style: Style

    package init(grapheme: String = " ", style: Style = .plain) {
        self.grapheme = grapheme
        self.style = style
    }

    /// True for the trailing half of a wide grapheme.
    package var isContinuation: Bool { grapheme.isEmpty }

    static func continuation(style: Style) -> Cell { Cell(grapheme: "", style: style) }
}
