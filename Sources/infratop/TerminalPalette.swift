import InfraTopUI

/// Turns a theme colour into the colour number curses takes, for the colours this terminal has.
enum TerminalPalette {
    /// -1 is the terminal's own colour (`use_default_colors`).
    static func number(for color: Color, colorCount: Int) -> Int32 {
        guard let depth = ColorDepth(colorCount: colorCount) else { return -1 }
        switch color.reduced(to: depth) {
        case .default: return -1
        case .indexed(let index): return Int32(index)
        case let .rgb(red, green, blue): return Int32(red) << 16 | Int32(green) << 8 | Int32(blue)
        }
    }
}
