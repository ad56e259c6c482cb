/// How many colours the terminal can show, and how theme colours are fitted to it.
package enum ColorDepth: Hashable, Sendable {
    /// 24-bit colour: `#rrggbb` is sent as is.
    case direct
    /// The xterm 256-colour palette.
    case palette256
    /// The 16 ANSI colours.
    case ansi16
    /// The 8 basic ANSI colours.
    case ansi8

    /// The depth for a terminal that reports `colorCount` colours (ncurses' `COLORS`), or `nil`
    /// when it has fewer than 8: such a terminal should be given ``Theme/monochrome``.
    package init?(colorCount: Int, directColor: Bool = false) {
        switch colorCount {
        case ..<8: return nil
        case 8..<16: self = .ansi8
        case 16..<256: self = .ansi16
        default: self = directColor ? .direct : .palette256
        }
    }
}

extension Color {
    /// This colour as the nearest one a terminal of `depth` can show; `default` stays `default`.
    ///
    /// `#rrggbb` goes to the nearest palette entry; a palette entry beyond the terminal's count
    /// goes to the ANSI colour that best stands for it (see ``XtermPalette/nearestANSIIndex(to:colorCount:)``).
    package func reduced(to depth: ColorDepth) -> Color {
        switch (self, depth) {
        case (.default, _), (_, .direct):
            return self
        case (.indexed, .palette256):
            return self
        case let (.rgb(red, green, blue), .palette256):
            return .indexed(XtermPalette.nearestIndex(to: XtermPalette.RGB(red: red, green: green, blue: blue)))
        case let (.indexed(index), .ansi16):
            return index < 16 ? self : .indexed(XtermPalette.nearestANSIIndex(to: XtermPalette.rgb(of: index)))
        case let (.indexed(index), .ansi8):
            return index < 8 ? self : .indexed(XtermPalette.nearestANSIIndex(to: XtermPalette.rgb(of: index), colorCount: 8))
        case let (.rgb(red, green, blue), .ansi16):
            // Straight from RGB rather than via the 256 palette, whose cube can shift a hue across a sector.
            return .indexed(XtermPalette.nearestANSIIndex(to: XtermPalette.RGB(red: red, green: green, blue: blue)))
        case let (.rgb(red, green, blue), .ansi8):
            return .indexed(XtermPalette.nearestANSIIndex(to: XtermPalette.RGB(red: red, green: green, blue: blue), colorCount: 8))
        }
    }
}

extension Style {
    /// This style with both colours reduced to what a terminal of `depth` can show.
    package func reduced(to depth: ColorDepth) -> Style {
        Style(foreground: foreground.reduced(to: depth), background: background.reduced(to: depth), attributes: attributes)
    }
}

extension Theme {
    /// This theme with every colour reduced to what a terminal of `depth` can show; the backend
    /// does this once per theme change, not per cell.
    ///
    /// Reduction can merge colours a theme kept apart, and two repairs keep the screen legible:
    /// text whose colour lands on its own background is drawn in black or white, whichever is
    /// farther from that background; and a highlight (selection, match) whose background lands on
    /// the panel's is drawn reversed, so the highlight still shows.
    package func reduced(to depth: ColorDepth) -> Theme {
        let panel = style(.background).background
        let reducedPanel = panel.reduced(to: depth)
        return mapStyles { original in
            var style = original.reduced(to: depth)
            if style.foreground == style.background, original.foreground != original.background,
               let contrast = Self.contrastingColor(to: style.background) {
                style.foreground = contrast
            }
            if original.background != panel, style.background == reducedPanel {
                style.attributes.insert(.reverse)
            }
            return style
        }
    }

    /// Black or white, whichever is farther from `background`; `nil` for the terminal's own colour,
    /// which cannot be known.
    private static func contrastingColor(to background: Color) -> Color? {
        let rgb: XtermPalette.RGB
        switch background {
        case .default: return nil
        case .indexed(let index): rgb = XtermPalette.rgb(of: index)
        case let .rgb(red, green, blue): rgb = XtermPalette.RGB(red: red, green: green, blue: blue)
        }
        // Compare brightness against the midpoint between black (0) and white (229, xterm's 7).
        let brightness = (Int(rgb.red) + Int(rgb.green) + Int(rgb.blue)) / 3
        return brightness > 114 ? .black : .white
    }
}
