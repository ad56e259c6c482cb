// The shipped themes' YAML, compiled in so infratop starts with every built-in theme even when no
// themes/ folder is found. Each text must stay byte-identical to its file in themes/ (a test checks);
// after editing a theme file, paste its new text here.

/// The themes that ship with infratop, by name.
enum BuiltInThemes {
    /// The built-in theme names in cycling order, `default` first.
    static let names = ["default", "light", "dracula", "nord", "solarized-dark", "high-contrast", "monochrome"]

    /// The YAML text of the built-in theme `name`, or `nil` when there is no such built-in.
    static func yaml(named name: String) -> String? {
        switch name {
        case "default": return defaultYAML
        case "light": return lightYAML
        case "dracula": return draculaYAML
        case "nord": return nordYAML
        case "solarized-dark": return solarizedDarkYAML
        case "high-contrast": return highContrastYAML
        case "monochrome": return monochromeYAML
        default: return nil
        }
    }

    /// The `default` theme as written: what every other theme's omitted base roles come from.
    static let defaultDefinition = definition(of: "default")

    /// The `monochrome` theme as written.
    static let monochromeDefinition = definition(of: "monochrome")

    /// Parses a built-in; the tests prove each one parses, so the empty fallback is never used.
    private static func definition(of name: String) -> ThemeDefinition {
        guard let text = yaml(named: name),
              let definition = try? ThemeParser(file: "\(name).yaml").parse(text) else {
            return ThemeDefinition(name: name)
        }
        return definition
    }


    // themes/default.yaml
    static let defaultYAML = ##"""
    # infratop's default theme, for dark terminals. It keeps the terminal's own
    # background and text colours and uses the 16 ANSI colours, so it follows
    # whatever palette the terminal is set to.
    #
    # A theme file has three keys:
    #   name:     the theme's name (the file name if left out)
    #   palette:  optional aliases, usable wherever a colour goes
    #   roles:    a style per role
    # A style is a colour (meaning fg) or a mapping of fg, bg, bold, dim, italic,
    # underline and reverse. A colour is a name (black red green yellow blue
    # magenta cyan white, bright-black ... bright-white, gray/grey), an index
    # 0-255, "#rrggbb" (quoted: a bare # starts a comment) or default (the
    # terminal's own).
    #
    # A role without fg is drawn in text's fg, a role without bg on background's
    # bg. A role left out copies its parent (border and log-debug: muted;
    # border-focus, title, sparkline, match and key: accent; header: title;
    # gauge-low: ok; gauge-mid and log-warn: warn; gauge-high and log-error:
    # critical; log-info: text). The base roles -- background, text, muted,
    # selection, accent, ok, warn, critical -- come from this theme.
    name: default
    roles:
      background: { bg: default }
      text: { fg: default }
      muted: 245
      border: 240
      border-focus: { fg: cyan, bold: true }
      title: { fg: cyan, bold: true }
      header: { bold: true }
      selection: { fg: black, bg: cyan }
      ok: green
      warn: yellow
      critical: { fg: red, bold: true }
      accent: cyan
      gauge-low: green
      gauge-mid: yellow
      gauge-high: red
      sparkline: cyan
      log-debug: 245
      log-info: default
      log-warn: yellow
      log-error: { fg: red, bold: true }
      match: { fg: black, bg: yellow }
      key: { fg: cyan, bold: true }

    """##

    // themes/light.yaml
    static let lightYAML = ##"""
    # A light theme for infratop, after Atom's One Light.
    name: light
    palette:
      paper: "#fafafa"
      ink: "#383a42"
      faded: "#a0a1a7"
      rule: "#bfc2c8"
      highlight: "#e5e5e6"
      red: "#e45649"
      green: "#50a14f"
      yellow: "#c18401"
      blue: "#4078f2"
      purple: "#a626a4"
      cyan: "#0184bc"
    roles:
      background: { bg: paper }
      text: { fg: ink }
      muted: faded
      border: rule
      border-focus: { fg: blue, bold: true }
      title: { fg: blue, bold: true }
      header: { fg: ink, bold: true }
      selection: { fg: ink, bg: highlight, bold: true }
      ok: green
      warn: yellow
      critical: { fg: red, bold: true }
      accent: purple
      gauge-low: green
      gauge-mid: yellow
      gauge-high: red
      sparkline: cyan
      log-debug: faded
      log-info: ink
      log-warn: yellow
      log-error: { fg: red, bold: true }
      match: { fg: paper, bg: yellow }
      key: { fg: purple, bold: true }

    """##

    // themes/dracula.yaml
    static let draculaYAML = ##"""
    # Dracula for infratop (https://draculatheme.com).
    name: dracula
    palette:
      background: "#282a36"
      current-line: "#44475a"
      foreground: "#f8f8f2"
      comment: "#6272a4"
      cyan: "#8be9fd"
      green: "#50fa7b"
      orange: "#ffb86c"
      pink: "#ff79c6"
      purple: "#bd93f9"
      red: "#ff5555"
      yellow: "#f1fa8c"
    roles:
      background: { bg: background }
      text: { fg: foreground }
      muted: comment
      border: comment
      border-focus: { fg: purple, bold: true }
      title: { fg: pink, bold: true }
      header: { fg: purple, bold: true }
      selection: { fg: foreground, bg: current-line }
      ok: green
      warn: orange
      critical: { fg: red, bold: true }
      accent: purple
      gauge-low: green
      gauge-mid: orange
      gauge-high: red
      sparkline: cyan
      log-debug: comment
      log-info: foreground
      log-warn: orange
      log-error: { fg: red, bold: true }
      match: { fg: background, bg: yellow }
      key: { fg: pink, bold: true }

    """##

    // themes/nord.yaml
    static let nordYAML = ##"""
    # Nord for infratop (https://www.nordtheme.com).
    name: nord
    palette:
      nord0: "#2e3440"
      nord2: "#434c5e"
      nord3: "#4c566a"
      comment: "#616e88"
      nord4: "#d8dee9"
      nord6: "#eceff4"
      nord8: "#88c0d0"
      nord9: "#81a1c1"
      nord11: "#bf616a"
      nord13: "#ebcb8b"
      nord14: "#a3be8c"
      nord15: "#b48ead"
    roles:
      background: { bg: nord0 }
      text: { fg: nord4 }
      muted: comment
      border: nord3
      border-focus: { fg: nord8, bold: true }
      title: { fg: nord8, bold: true }
      header: { fg: nord9, bold: true }
      selection: { fg: nord6, bg: nord2 }
      ok: nord14
      warn: nord13
      critical: { fg: nord11, bold: true }
      accent: nord8
      gauge-low: nord14
      gauge-mid: nord13
      gauge-high: nord11
      sparkline: nord8
      log-debug: comment
      log-info: nord4
      log-warn: nord13
      log-error: { fg: nord11, bold: true }
      match: { fg: nord0, bg: nord13 }
      key: { fg: nord15, bold: true }

    """##

    // themes/solarized-dark.yaml
    static let solarizedDarkYAML = ##"""
    # Solarized dark for infratop (https://ethanschoonover.com/solarized).
    name: solarized-dark
    palette:
      base03: "#002b36"
      base02: "#073642"
      base01: "#586e75"
      base0: "#839496"
      base1: "#93a1a1"
      yellow: "#b58900"
      orange: "#cb4b16"
      red: "#dc322f"
      magenta: "#d33682"
      violet: "#6c71c4"
      blue: "#268bd2"
      cyan: "#2aa198"
      green: "#859900"
    roles:
      background: { bg: base03 }
      text: { fg: base0 }
      muted: base01
      border: base01
      border-focus: { fg: blue, bold: true }
      title: { fg: blue, bold: true }
      header: { fg: base1, bold: true }
      # Solarized selects by reversing base colours, which stays visible with 16 colours.
      selection: { fg: base03, bg: base0 }
      ok: green
      warn: yellow
      critical: { fg: red, bold: true }
      accent: cyan
      gauge-low: green
      gauge-mid: yellow
      gauge-high: red
      sparkline: cyan
      log-debug: base01
      log-info: base0
      log-warn: yellow
      log-error: { fg: red, bold: true }
      match: { fg: base03, bg: yellow }
      key: { fg: violet, bold: true }

    """##

    // themes/high-contrast.yaml
    static let highContrastYAML = ##"""
    # High contrast for infratop: bright colours on black, bold where it helps.
    name: high-contrast
    roles:
      background: { bg: black }
      text: { fg: bright-white }
      muted: white
      border: white
      border-focus: { fg: bright-yellow, bold: true }
      title: { fg: bright-white, bold: true, underline: true }
      header: { fg: bright-white, bold: true, underline: true }
      selection: { fg: black, bg: bright-yellow, bold: true }
      ok: { fg: bright-green, bold: true }
      warn: { fg: bright-yellow, bold: true }
      critical: { fg: bright-red, bold: true }
      accent: bright-cyan
      gauge-low: bright-green
      gauge-mid: bright-yellow
      gauge-high: bright-red
      sparkline: bright-cyan
      log-debug: white
      log-info: bright-white
      log-warn: { fg: bright-yellow, bold: true }
      log-error: { fg: bright-red, bold: true }
      match: { fg: black, bg: bright-cyan, bold: true }
      key: { fg: bright-yellow, bold: true }

    """##

    // themes/monochrome.yaml
    static let monochromeYAML = ##"""
    # Monochrome for infratop: no colours at all, only attributes, in the
    # terminal's own foreground and background. NO_COLOR selects this theme.
    name: monochrome
    roles:
      background: { bg: default }
      text: { fg: default }
      muted: { dim: true }
      border: { dim: true }
      border-focus: { bold: true }
      title: { bold: true }
      header: { bold: true, underline: true }
      selection: { reverse: true }
      ok: default
      warn: { bold: true }
      critical: { bold: true, reverse: true }
      accent: { bold: true }
      gauge-low: default
      gauge-mid: { bold: true }
      # Not reverse: a reversed bar of full blocks would look empty.
      gauge-high: { bold: true }
      sparkline: default
      log-debug: { dim: true }
      log-info: default
      log-warn: { bold: true }
      log-error: { bold: true, underline: true }
      match: { bold: true, underline: true }
      key: { bold: true }

    """##
}
