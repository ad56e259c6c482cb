/// A terminal colour as a theme names it; the backend maps it to what the terminal can show.
package enum Color: Hashable, Sendable {
    /// The terminal's own foreground or background.
    case `default`
    /// One of the 256 xterm palette entries (0–15 are the classic ANSI colours).
    case indexed(UInt8)
    /// A 24-bit colour; shown as the nearest of the 256 unless the terminal takes direct colour.
    case rgb(UInt8, UInt8, UInt8)
}

extension Color {
    package static let black = Color.indexed(0)
    package static let red = Color.indexed(1)
    package static let green = Color.indexed(2)
    package static let yellow = Color.indexed(3)
    package static let blue = Color.indexed(4)
    package static let magenta = Color.indexed(5)
    package static let cyan = Color.indexed(6)
    package static let white = Color.indexed(7)
    package static let brightBlack = Color.indexed(8)
    static let brightRed = Color.indexed(9)
    package static let brightGreen = Color.indexed(10)
    static let brightYellow = Color.indexed(11)
    static let brightBlue = Color.indexed(12)
    static let brightMagenta = Color.indexed(13)
    static let brightCyan = Color.indexed(14)
    static let brightWhite = Color.indexed(15)
}
