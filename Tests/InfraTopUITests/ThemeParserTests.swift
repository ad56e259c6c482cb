import Testing
@testable import InfraTopUI

@Suite struct ThemeParserTests {
    private func error(_ yaml: String, file: String = "themes/bad.yaml") -> ThemeError? {
        do {
            _ = try Theme(yaml: yaml, file: file)
            return nil
        } catch {
            return error
        }
    }

    private static let allRoles = ThemeRole.allCases.map(\.rawValue).joined(separator: ", ")

    @Test func readsColoursAttributesAndBareColours() throws {
        let theme = try Theme(yaml: """
            name: sample
            roles:
              background: { bg: "#282a36" }
              text: { fg: "#f8f8f2" }
              selection: { fg: 15, bg: bright-black, bold: true, reverse: true }
              ok: green
              warn: { fg: 214, italic: true, underline: true, dim: true }
              critical: { fg: default, bg: red }
            """, file: "sample.yaml")
        #expect(theme.name == "sample")
        #expect(theme.style(.background) == Style(foreground: .rgb(0xf8, 0xf8, 0xf2), background: .rgb(0x28, 0x2a, 0x36)))
        #expect(theme.style(.selection) == Style(foreground: .indexed(15), background: .indexed(8), attributes: [.bold, .reverse]))
        #expect(theme.style(.ok) == Style(foreground: .green, background: .rgb(0x28, 0x2a, 0x36)))
        #expect(theme.style(.warn) == Style(foreground: .indexed(214), background: .rgb(0x28, 0x2a, 0x36),
                                            attributes: [.italic, .underline, .dim]))
        #expect(theme.style(.critical) == Style(foreground: .default, background: .red))
    }

    @Test func paletteAliasesWorkWhereverAColourGoesAndMayShadowNames() throws {
        let theme = try Theme(yaml: """
            roles:
              border-focus: { fg: purple, bold: true }
              critical: red
              match: { fg: bg, bg: purple }
            palette:
              purple: "#bd93f9"
              red: "#ff5555"
              bg: 236
            """, file: "aliases.yaml")
        #expect(theme.style(.borderFocus).foreground == .rgb(0xbd, 0x93, 0xf9))
        #expect(theme.style(.borderFocus).attributes == .bold)
        #expect(theme.style(.critical).foreground == .rgb(0xff, 0x55, 0x55))
        #expect(theme.style(.match).foreground == .indexed(236))
        #expect(theme.style(.match).background == .rgb(0xbd, 0x93, 0xf9))
    }

    @Test func colourNamesAreCaseInsensitiveAndGreyIsBrightBlack() throws {
        let theme = try Theme(yaml: """
            roles:
              ok: Bright-Green
              warn: gray
              critical: grey
              accent: "#BD93F9"
            """, file: "case.yaml")
        #expect(theme.style(.ok).foreground == .brightGreen)
        #expect(theme.style(.warn).foreground == .indexed(8))
        #expect(theme.style(.critical).foreground == .indexed(8))
        #expect(theme.style(.accent).foreground == .rgb(0xbd, 0x93, 0xf9))
    }

    @Test func aMissingNameComesFromTheFileName() throws {
        let theme = try Theme(yaml: "roles:\n  ok: green\n", file: "/home/ops/.config/infratop/themes/ocean.yaml")
        #expect(theme.name == "ocean")
    }

    @Test func omittedRolesCopyTheirParentAndBaseRolesComeFromDefault() throws {
        let theme = try Theme(yaml: """
            roles:
              background: { bg: "#000080" }
              text: white
              warn: { fg: 214, bold: true }
              accent: magenta
            """, file: "partial.yaml")
        let navy = Color.rgb(0, 0, 0x80)
        // Derived roles follow their parent in this theme.
        #expect(theme.style(.gaugeMid) == Style(foreground: .indexed(214), background: navy, attributes: .bold))
        #expect(theme.style(.logWarn) == theme.style(.warn))
        #expect(theme.style(.key) == Style(foreground: .magenta, background: navy))
        #expect(theme.style(.header) == theme.style(.title))
        #expect(theme.style(.logInfo) == Style(foreground: .white, background: navy))
        // Base roles come from default, drawn on this theme's background.
        #expect(theme.style(.ok) == Style(foreground: .green, background: navy))
        #expect(theme.style(.critical) == Style(foreground: .red, background: navy, attributes: .bold))
        #expect(theme.style(.selection) == Style(foreground: .black, background: .cyan))
        // A derived role whose parent is also omitted goes up the chain to default.
        #expect(theme.style(.gaugeHigh) == theme.style(.critical))
        #expect(theme.style(.border) == Style(foreground: .indexed(245), background: navy))
    }

    @Test func aRoleWithoutFgUsesTextAndWithoutBgUsesBackground() throws {
        let theme = try Theme(yaml: """
            roles:
              background: { bg: 17 }
              text: { fg: 230 }
              selection: { reverse: true }
            """, file: "inherit.yaml")
        #expect(theme.style(.selection) == Style(foreground: .indexed(230), background: .indexed(17), attributes: .reverse))
        #expect(theme.style(.background) == Style(foreground: .indexed(230), background: .indexed(17)))
    }

    @Test func rejectsAnUnknownTopLevelKey() {
        #expect(error("name: x\ncolours:\n  ok: green\n")?.description
            == "themes/bad.yaml:2: colours: unknown key (known: name, palette, roles)")
    }

    @Test func rejectsAnUnknownRole() {
        let found = error("""
            # a comment
            name: bad
            roles:
              text: white

              bordr: blue
            """)
        #expect(found == ThemeError(file: "themes/bad.yaml", line: 6, key: "roles.bordr",
                                    message: "unknown role (known: \(Self.allRoles))"))
        #expect(found?.description == "themes/bad.yaml:6: roles.bordr: unknown role (known: \(Self.allRoles))")
        #expect(Self.allRoles.hasPrefix("background, text, muted, border, border-focus, title, header"))
    }

    @Test func rejectsAnUnknownStyleKey() {
        #expect(error("roles:\n  ok: { fg: green, blink: true }\n")?.description
            == "themes/bad.yaml:2: roles.ok.blink: unknown key (known: fg, bg, bold, dim, italic, underline, reverse)")
    }

    @Test(arguments: [
        ("\"#12345\"", "#12345"), ("\"#1234567\"", "#1234567"), ("\"#gggggg\"", "#gggggg"),
        ("256", "256"), ("-1", "-1"), ("purpl", "purpl"), ("1.5", "1.5"), ("\"\"", ""),
    ])
    func rejectsABadColour(written: String, shown: String) {
        #expect(error("name: bad\nroles:\n  text: white\n  ok: { fg: \(written) }\n")?.description
            == "themes/bad.yaml:4: roles.ok.fg: bad colour \"\(shown)\" — use a name, 0–255, #rrggbb or default")
    }

    @Test func rejectsABadBareColourAndABadPaletteEntry() {
        #expect(error("roles:\n  warn: orange\n")?.description
            == "themes/bad.yaml:2: roles.warn: bad colour \"orange\" — use a name, 0–255, #rrggbb or default")
        #expect(error("palette:\n  purple: \"#bd93f\"\n")?.description
            == "themes/bad.yaml:2: palette.purple: bad colour \"#bd93f\" — use a name, 0–255, #rrggbb or default")
    }

    @Test func paletteAliasesDoNotReferToOtherAliases() {
        #expect(error("palette:\n  a: red\n  b: a\n")?.description
            == "themes/bad.yaml:3: palette.b: bad colour \"a\" — use a name, 0–255, #rrggbb or default")
    }

    @Test func explainsAnUnquotedHexColour() {
        #expect(error("roles:\n  ok: #50fa7b\n")?.description
            == "themes/bad.yaml:2: roles.ok: missing colour — quote hex colours, e.g. \"#50fa7b\", since a bare # starts a comment")
    }

    @Test func rejectsWrongTypes() {
        #expect(error("roles:\n  ok: { fg: [1, 2] }\n")?.description
            == "themes/bad.yaml:2: roles.ok.fg: expected a colour (use a name, 0–255, #rrggbb or default), got a list")
        #expect(error("roles:\n  ok: [green]\n")?.description
            == "themes/bad.yaml:2: roles.ok: expected a colour or a mapping of fg, bg, bold, dim, italic, underline, reverse, got a list")
        #expect(error("roles:\n  ok: { bold: maybe }\n")?.description
            == "themes/bad.yaml:2: roles.ok.bold: expected true or false, got \"maybe\"")
        #expect(error("roles:\n  ok: { bold: \"true\" }\n")?.description
            == "themes/bad.yaml:2: roles.ok.bold: expected true or false, got \"true\"")
        #expect(error("roles:\n  - ok\n")?.description
            == "themes/bad.yaml:2: roles: expected a mapping of role: style, got a list")
        #expect(error("palette: red\n")?.description
            == "themes/bad.yaml:1: palette: expected a mapping of alias: colour, got \"red\"")
        #expect(error("name: [a]\n")?.description
            == "themes/bad.yaml:1: name: expected the theme's name, got a list")
        #expect(error("- name\n- roles\n")?.description
            == "themes/bad.yaml:1: expected a mapping with name, palette and roles, got a list")
    }

    @Test func rejectsDuplicateKeys() {
        #expect(error("roles:\n  ok: green\n  warn: yellow\n  ok: blue\n")?.description
            == "themes/bad.yaml:4: roles.ok: duplicate key (first on line 2)")
    }

    @Test func rejectsInvalidYAML() {
        #expect(error("name: x\nroles:\n  ok: { fg: green\n  warn: yellow\n")?.description.hasPrefix(
            "themes/bad.yaml:4: invalid YAML: ") == true)
        #expect(error("name: x\nroles: : :\n")?.description
            == "themes/bad.yaml:2: invalid YAML: mapping values are not allowed in this context")
    }

    @Test func rejectsAnEmptyFile() {
        #expect(error("# nothing yet\n")?.description
            == "themes/bad.yaml:1: the file is empty — a theme needs at least `roles:`")
    }
}
