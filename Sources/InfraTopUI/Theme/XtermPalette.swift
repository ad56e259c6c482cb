/// The xterm 256-colour palette, and the nearest entry to a colour for terminals with fewer colours.
package enum XtermPalette {
    /// An 8-bit-per-channel colour.
    package struct RGB: Hashable, Sendable {
        package var red: UInt8
        package var green: UInt8
        package var blue: UInt8

        init(red: UInt8, green: UInt8, blue: UInt8) {
            self.red = red
            self.green = green
            self.blue = blue
        }
    }

    /// xterm's default values for the 16 ANSI colours. Terminals let users change these, so they
    /// are only a guess, but the guess every terminal emulator starts from.
    private static let ansi: [RGB] = [
        RGB(red: 0, green: 0, blue: 0), RGB(red: 205, green: 0, blue: 0),
        RGB(red: 0, green: 205, blue: 0), RGB(red: 205, green: 205, blue: 0),
        RGB(red: 0, green: 0, blue: 238), RGB(red: 205, green: 0, blue: 205),
        RGB(red: 0, green: 205, blue: 205), RGB(red: 229, green: 229, blue: 229),
        RGB(red: 127, green: 127, blue: 127), RGB(red: 255, green: 0, blue: 0),
        RGB(red: 0, green: 255, blue: 0), RGB(red: 255, green: 255, blue: 0),
        RGB(red: 92, green: 92, blue: 255), RGB(red: 255, green: 0, blue: 255),
        RGB(red: 0, green: 255, blue: 255), RGB(red: 255, green: 255, blue: 255),
    ]

    /// The channel values of the 6×6×6 colour cube (indices 16–231).
    private static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// The colour xterm shows for palette entry `index`.
    package static func rgb(of index: UInt8) -> RGB {
        switch index {
        case 0..<16:
            return ansi[Int(index)]
        case 16..<232:
            let cube = Int(index) - 16
            return RGB(red: cubeLevels[cube / 36], green: cubeLevels[cube / 6 % 6], blue: cubeLevels[cube % 6])
        default:
            let level = UInt8(8 + 10 * (Int(index) - 232))
            return RGB(red: level, green: level, blue: level)
        }
    }

    /// The entry of the colour cube or grey ramp (16–255) nearest to `color` by squared RGB distance.
    ///
    /// Entries 0–15 are left out on purpose: users recolour them, so they would not show `color`.
    static func nearestIndex(to color: RGB) -> UInt8 {
        var best: UInt8 = 16
        var bestDistance = Int.max
        for index in UInt8(16)...UInt8(255) {
            let distance = squaredDistance(color, rgb(of: index))
            if distance < bestDistance {
                best = index
                bestDistance = distance
            }
        }
        return best
    }

    /// The ANSI colour (0–15, or 0–7 when `colorCount` is 8) that best stands for `color`.
    ///
    /// Plain nearest-by-distance turns most theme colours grey — Nord's green and red are both
    /// nearest to bright black — and a status colour that loses its hue loses its meaning. So a
    /// colour with a clear hue (chroma ≥ 40 and not darker than 96 in its brightest channel) goes to
    /// the ANSI colour of its hue sector (red, yellow, green, cyan, blue or magenta, 60° each, centred
    /// on those hues), normal or bright variant, whichever is nearer. Any other colour is a grey and
    /// goes to the nearest of black, bright black, white and bright white (black or white with 8).
    static func nearestANSIIndex(to color: RGB, colorCount: Int = 16) -> UInt8 {
        let hasBright = colorCount >= 16
        let candidates: [UInt8]
        if let hue = hueSector(of: color) {
            candidates = hasBright ? [hue, hue + 8] : [hue]
        } else {
            candidates = hasBright ? [0, 8, 7, 15] : [0, 7]
        }
        var best = candidates[0]
        for candidate in candidates.dropFirst()
        where squaredDistance(color, ansi[Int(candidate)]) < squaredDistance(color, ansi[Int(best)]) {
            best = candidate
        }
        return best
    }

    /// The ANSI index (1–6) of the hue `color` shows, or `nil` when it is too grey or dark to show one.
    private static func hueSector(of color: RGB) -> UInt8? {
        let red = Double(color.red), green = Double(color.green), blue = Double(color.blue)
        let brightest = max(red, green, blue)
        let chroma = brightest - min(red, green, blue)
        guard chroma >= 40, brightest >= 96 else { return nil }
        var hue: Double
        if brightest == red {
            hue = 60 * ((green - blue) / chroma)
        } else if brightest == green {
            hue = 60 * ((blue - red) / chroma) + 120
        } else {
            hue = 60 * ((red - green) / chroma) + 240
        }
        if hue < 0 { hue += 360 }
        // Sectors in hue order, each centred on its colour: red 0°, yellow 60°, green 120°, ...
        let sectors: [UInt8] = [1, 3, 2, 6, 4, 5]
        let sector = Int((hue + 30) / 60) % 6
        return sectors[sector]
    }

    private static func squaredDistance(_ a: RGB, _ b: RGB) -> Int {
        let red = Int(a.red) - Int(b.red)
        let green = Int(a.green) - Int(b.green)
        let blue = Int(a.blue) - Int(b.blue)
        return red * red + green * green + blue * blue
    }
}
