/// One terminal cell: a grapheme and its style.
///
/// A wide grapheme (CJK, most emoji) occupies its cell and the next; the next cell is a
/// continuation with an empty grapheme, which the backend and the text rendering skip.
public struct Cell: Hashable, Sendable {
    public var grapheme: String
    public var style: Style

    public init(grapheme: String = " ", style: Style = .plain) {
        self.grapheme = grapheme
        self.style = style
    }

    /// True for the trailing half of a wide grapheme.
    public var isContinuation: Bool { grapheme.isEmpty }

    static func continuation(style: Style) -> Cell { Cell(grapheme: "", style: style) }
}
