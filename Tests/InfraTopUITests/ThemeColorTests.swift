import Testing
@testable import InfraTopUI

@Suite struct ThemeColorTests {
    @Test func readsEveryColourForm() {
        #expect(ColorNotation.color(from: "default") == .default)
        #expect(ColorNotation.color(from: "black") == .indexed(0))
        #expect(ColorNotation.color(from: "white") == .indexed(7))
        #expect(ColorNotation.color(from: "bright-black") == .indexed(8))
        #expect(ColorNotation.color(from: "bright-white") == .indexed(15))
        #expect(ColorNotation.color(from: "grey") == .indexed(8))
        #expect(ColorNotation.color(from: "0") == .indexed(0))
        #expect(ColorNotation.color(from: "255") == .indexed(255))
        #expect(ColorNotation.color(from: "#bd93f9") == .rgb(0xbd, 0x93, 0xf9))
        #expect(ColorNotation.color(from: "#BD93F9") == .rgb(0xbd, 0x93, 0xf9))
    }

    @Test(arguments: ["#12345", "#1234567", "#12345g", "bd93f9", "256", "-1", "+1", "1.5", "", "purpl", "bright", "#", "٣"])
    func rejectsMalformedColours(text: String) {
        #expect(ColorNotation.color(from: text) == nil)
    }

    @Test func computesTheXtermPalette() {
        #expect(XtermPalette.rgb(of: 1) == .init(red: 205, green: 0, blue: 0))
        #expect(XtermPalette.rgb(of: 16) == .init(red: 0, green: 0, blue: 0))
        #expect(XtermPalette.rgb(of: 67) == .init(red: 95, green: 135, blue: 175))
        #expect(XtermPalette.rgb(of: 231) == .init(red: 255, green: 255, blue: 255))
        #expect(XtermPalette.rgb(of: 232) == .init(red: 8, green: 8, blue: 8))
        #expect(XtermPalette.rgb(of: 255) == .init(red: 238, green: 238, blue: 238))
    }

    @Test(arguments: [
        ("#282a36", 236), ("#bd93f9", 141), ("#50fa7b", 84), ("#ff5555", 203), ("#000000", 16),
        ("#ffffff", 231), ("#808080", 244), ("#767676", 243), ("#5f87af", 67), ("#0a0a0a", 232),
    ] as [(String, UInt8)])
    func mapsHexToTheNearestOf256(hex: String, index: UInt8) {
        #expect(ColorNotation.color(from: hex)?.reduced(to: .palette256) == .indexed(index))
    }

    @Test(arguments: [
        (196, 9, 1), (160, 1, 1), (236, 0, 0), (244, 8, 7), (250, 7, 7), (255, 7, 7), (231, 15, 7),
        (21, 4, 4), (46, 10, 2), (226, 11, 3), (208, 3, 3), (240, 8, 0), (141, 12, 4),
        (8, 8, 7), (9, 9, 1), (12, 12, 4), (15, 15, 7), (3, 3, 3),
    ] as [(UInt8, UInt8, UInt8)])
    func maps256ToTheANSIColourOfItsHue(index: UInt8, ansi16: UInt8, ansi8: UInt8) {
        #expect(Color.indexed(index).reduced(to: .ansi16) == .indexed(ansi16))
        #expect(Color.indexed(index).reduced(to: .ansi8) == .indexed(ansi8))
    }

    @Test func keepsPastelStatusColoursInTheirHue() {
        // Nord's green and red are both nearest to bright black by plain distance.
        #expect(Color.rgb(0xa3, 0xbe, 0x8c).reduced(to: .ansi16) == .green)
        #expect(Color.rgb(0xbf, 0x61, 0x6a).reduced(to: .ansi16) == .red)
        #expect(Color.rgb(0xeb, 0xcb, 0x8b).reduced(to: .ansi16) == .yellow)
        // Dracula's orange still reads as a warning.
        #expect(Color.rgb(0xff, 0xb8, 0x6c).reduced(to: .ansi8) == .yellow)
        // A dark, slightly blue background stays black rather than turning blue.
        #expect(Color.rgb(0x00, 0x2b, 0x36).reduced(to: .ansi16) == .black)
    }

    @Test func leavesWhatTheTerminalCanShowAlone() {
        #expect(Color.default.reduced(to: .ansi8) == .default)
        #expect(Color.rgb(1, 2, 3).reduced(to: .direct) == .rgb(1, 2, 3))
        #expect(Color.indexed(200).reduced(to: .palette256) == .indexed(200))
        #expect(Color.indexed(14).reduced(to: .ansi16) == .indexed(14))
        #expect(Color.indexed(5).reduced(to: .ansi8) == .indexed(5))
    }

    @Test func picksTheDepthFromTheTerminalsColourCount() {
        #expect(ColorDepth(colorCount: 2) == nil)
        #expect(ColorDepth(colorCount: 8) == .ansi8)
        #expect(ColorDepth(colorCount: 16) == .ansi16)
        #expect(ColorDepth(colorCount: 88) == .ansi16)
        #expect(ColorDepth(colorCount: 256) == .palette256)
        #expect(ColorDepth(colorCount: 16_777_216, directColor: true) == .direct)
    }

    @Test func reductionRepairsTextThatLandsOnItsBackground() throws {
        let theme = try Theme(yaml: """
            roles:
              background: { bg: "#282a36" }
              text: "#f8f8f2"
              muted: "#3a3c4e"
              selection: { fg: "#f8f8f2", bg: "#44475a" }
              match: { fg: "#282a36", bg: "#f1fa8c" }
            """, file: "dim.yaml")
        let reduced = theme.reduced(to: .ansi8)
        // #3a3c4e and #282a36 both become black: the muted text is drawn white instead.
        #expect(theme.style(.muted).reduced(to: .ansi8) == Style(foreground: .black, background: .black))
        #expect(reduced.style(.muted) == Style(foreground: .white, background: .black))
        // The selection's own background became the panel's: it is reversed so it still shows.
        #expect(reduced.style(.selection) == Style(foreground: .white, background: .black, attributes: .reverse))
        // A highlight whose background survives is left alone.
        #expect(reduced.style(.match) == Style(foreground: .black, background: .yellow))
        #expect(reduced.style(.text) == Style(foreground: .white, background: .black))
    }

    @Test func reductionPicksBlackTextOnALightBackground() throws {
        let theme = try Theme(yaml: "roles:\n  background: { bg: \"#fafafa\" }\n  muted: \"#e0e0e0\"\n", file: "pale.yaml")
        #expect(theme.reduced(to: .ansi8).style(.muted) == Style(foreground: .black, background: .white))
    }
}
