/// A rectangle of cells that views draw into.
///
/// Views never touch the terminal: they render into a Canvas, which the backend copies to the
/// screen and tests turn into lines of text. Writing is always clipped, so a view that asks for
/// more room than it has loses columns, never memory safety.
package struct Canvas: Equatable, Sendable {
    package let width: Int
    package let height: Int
    package let glyphs: GlyphSet
    package private(set) var cells: [Cell]

    package init(width: Int, height: Int, style: Style = .plain, glyphs: GlyphSet = .unicode) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.glyphs = glyphs
        self.cells = Array(repeating: Cell(style: style), count: self.width * self.height)
    }

    /// The whole canvas as a rectangle.
    package var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at a position; a blank cell outside the canvas.
    package subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return Cell() }
        return cells[y * width + x]
    }

    /// Fills a rectangle with one grapheme (a blank by default) in one style.
    package mutating func fill(_ rect: Rect, style: Style, grapheme: String = " ") {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            breakWideGraphemes(atRow: y, from: area.x, to: area.maxX)
            for x in area.x..<area.maxX {
                cells[y * width + x] = Cell(grapheme: grapheme, style: style)
            }
        }
    }

    /// Changes the style of every cell in a rectangle, keeping the text (selection, highlights).
    mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX {
                change(&cells[y * width + x].style)
            }
        }
    }

    /// Writes text from (x, y) to the right, clipped to `clip` (the canvas by default).
    ///
    /// Control characters are drawn as inert symbols, so nothing in data can reach the terminal as
    /// a command. A wide grapheme that would straddle the clip edge is replaced by a blank.
    /// Returns the number of columns written.
    @discardableResult
    package mutating func write(_ text: String, x: Int, y: Int, style: Style, clip: Rect? = nil) -> Int {
        let area = (clip ?? bounds).intersection(bounds)
        guard y >= area.y, y < area.maxY else { return 0 }
        var column = x
        var lastWritten: Int?
        for grapheme in text {
            if column >= area.maxX { break }
            let (shown, columns) = displayable(grapheme)
            if columns == 0 {
                // A lone combining mark joins the grapheme before it, or is dropped.
                if let previous = lastWritten { cells[y * width + previous].grapheme += shown }
                continue
            }
            if column < area.x {
                // The visible half of a wide grapheme cut by the left edge shows as a blank.
                if column + columns > area.x { put(Cell(grapheme: " ", style: style), x: area.x, y: y) }
                column += columns
                continue
            }
            if columns == 2, column + 1 >= area.maxX {
                put(Cell(grapheme: " ", style: style), x: column, y: y)
                column += 1
                break
            }
            put(Cell(grapheme: shown, style: style), x: column, y: y)
            if columns == 2 { put(.continuation(style: style), x: column + 1, y: y) }
            lastWritten = column
            column += columns
        }
        return max(0, column - max(x, area.x))
    }

    /// The canvas as text, one string per row; the trailing half of a wide grapheme is skipped.
    package var lines: [String] {
        (0..<height).map { line($0) }
    }

    /// One row as text.
    package func line(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var text = ""
        for x in 0..<width {
            let cell = cells[y * width + x]
            if !cell.isContinuation { text += cell.grapheme }
        }
        return text
    }

    // MARK: - Cells

    private mutating func put(_ cell: Cell, x: Int, y: Int) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        breakWideGraphemes(atRow: y, from: x, to: x + 1)
        cells[y * width + x] = cell
    }

    /// Before cells in [from, to) are overwritten, blanks the other half of any wide grapheme
    /// that the overwrite would cut in two.
    private mutating func breakWideGraphemes(atRow y: Int, from: Int, to: Int) {
        let row = y * width
        if from > 0, from < width, cells[row + from].isContinuation {
            cells[row + from - 1].grapheme = " "
        }
        if to > 0, to < width, cells[row + to].isContinuation {
            cells[row + to].grapheme = " "
        }
    }

    /// The text to store for a grapheme and the columns it takes, with controls made inert.
    private func displayable(_ grapheme: Character) -> (String, Int) {
        for scalar in grapheme.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) {
                guard glyphs.allowsUnicode else { return ("?", 1) }
                if value < 0x20, let picture = Unicode.Scalar(0x2400 + value) {
                    return (String(Character(picture)), 1)
                }
                return (value == 0x7F ? "␡" : "\u{FFFD}", 1)
            }
        }
        if !glyphs.allowsUnicode, !grapheme.isASCII { return ("?", 1) }
        let columns = TextWidth.of(grapheme)
        return (String(grapheme), columns)
    }
}
