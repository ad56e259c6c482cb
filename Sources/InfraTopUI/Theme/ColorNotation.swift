/// Reads a colour as a theme file writes it: a name, an index 0–255, `#rrggbb` or `default`.
enum ColorNotation {
    /// What a bad colour is told, so every place that reads colours says the same thing.
    static let expectation = "use a name, 0–255, #rrggbb or default"

    /// The colour names a theme may use, mapped to the ANSI slots the terminal's own palette fills.
    static let names: [String: Color] = [
        "default": .default,
        "black": .black, "red": .red, "green": .green, "yellow": .yellow,
        "blue": .blue, "magenta": .magenta, "cyan": .cyan, "white": .white,
        "bright-black": .brightBlack, "bright-red": .brightRed, "bright-green": .brightGreen,
        "bright-yellow": .brightYellow, "bright-blue": .brightBlue, "bright-magenta": .brightMagenta,
        "bright-cyan": .brightCyan, "bright-white": .brightWhite,
        // Grey is bright black in most terminal palettes (and in tcell, which k9s skins use).
        "gray": .brightBlack, "grey": .brightBlack,
    ]

    /// The colour `text` denotes, or `nil` when it is none of the accepted forms.
    ///
    /// Palette aliases are looked up first so a theme may redefine `red` as its own red.
    static func color(from text: String, palette: [String: Color] = [:]) -> Color? {
        if let alias = palette[text] { return alias }
        let word = text.lowercased()
        if let named = names[word] { return named }
        if word.hasPrefix("#") { return hexColor(word.dropFirst()) }
        if !word.isEmpty, word.allSatisfy({ $0.isASCII && $0.isNumber }), let index = UInt8(word) {
            return .indexed(index)
        }
        return nil
    }

    private static func hexColor(_ digits: Substring) -> Color? {
        guard digits.count == 6, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }),
              let value = UInt32(digits, radix: 16) else { return nil }
        return .rgb(UInt8(truncatingIfNeeded: value >> 16),
                    UInt8(truncatingIfNeeded: value >> 8),
                    UInt8(truncatingIfNeeded: value))
    }
}
