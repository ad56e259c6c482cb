import CTextWidth

/// Column widths of text as the terminal will lay it out, following the C library's `wcwidth`
/// for the current locale (call `TerminalLocale.activate()` first).
package enum TextWidth {
    /// Columns a grapheme takes: 0 for a lone combining mark, 2 for CJK and wide emoji, else 1.
    package static func of(_ grapheme: Character) -> Int {
        if grapheme.isASCII { return 1 }
        var widest = 0
        var sawZeroWidth = true
        for scalar in grapheme.unicodeScalars {
            let width = Int(infratop_wcwidth(scalar.value))
            if width > 0 { sawZeroWidth = false }
            // Emoji presentation selector turns a narrow symbol into a wide emoji.
            if scalar.value == 0xFE0F, !sawZeroWidth { widest = max(widest, 2) }
            widest = max(widest, width)
        }
        if sawZeroWidth {
            // Unprintable in this locale (wcwidth -1) still takes a cell once sanitised.
            let first = grapheme.unicodeScalars.first.map { infratop_wcwidth($0.value) } ?? 0
            return first < 0 ? 1 : 0
        }
        return min(widest, 2)
    }

    /// Columns a string takes.
    package static func of(_ text: String) -> Int {
        var total = 0
        for grapheme in text { total += of(grapheme) }
        return total
    }

    /// The string cut to at most `width` columns, ending in `ellipsis` when something was cut.
    package static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let ellipsisWidth = of(ellipsis)
        guard width > ellipsisWidth else { return prefix(text, width: width) }
        return prefix(text, width: width - ellipsisWidth) + ellipsis
    }

    /// The longest prefix of `text` that fits in `width` columns.
    package static func prefix(_ text: String, width: Int) -> String {
        var used = 0
        var result = ""
        for grapheme in text {
            let w = of(grapheme)
            if used + w > width { break }
            used += w
            result.append(grapheme)
        }
        return result
    }

    /// `text` padded with spaces (or cut) to exactly `width` columns.
    package static func pad(_ text: String, to width: Int, alignRight: Bool = false, ellipsis: String = "…") -> String {
        let cut = truncate(text, to: width, ellipsis: ellipsis)
        let padding = String(repeating: " ", count: max(0, width - of(cut)))
        return alignRight ? padding + cut : cut + padding
    }
}

/// The process locale, which decides character widths and whether Unicode glyphs can be drawn.
package enum TerminalLocale {
    /// Adopts the user's locale (`setlocale(LC_ALL, "")`) and reports whether it is UTF-8.
    @discardableResult
    package static func activate() -> Bool {
        _ = infratop_set_locale("")
        return isUTF8
    }

    /// Adopts `C.UTF-8`, for tests that must not depend on the caller's environment.
    @discardableResult
    package static func activateUTF8ForTesting() -> Bool {
        if infratop_set_locale("C.UTF-8") == 0 { _ = infratop_set_locale("en_US.UTF-8") }
        return isUTF8
    }

    /// Whether the active locale's character set is UTF-8.
    package static var isUTF8: Bool { infratop_locale_is_utf8() != 0 }
}
