// The shipped themes' YAML is compiled in from themes/*.yaml by the EmbedThemes build plugin, so
// infratop starts with every built-in theme even when no themes/ folder is found.

/// The themes that ship with infratop, by name.
enum BuiltInThemes {
    /// The built-in theme names in cycling order, `default` first.
    static let names = ["default", "light", "dracula", "nord", "solarized-dark", "high-contrast", "monochrome"]

    /// The YAML text of the built-in theme `name`, or `nil` when there is no such built-in.
    static func yaml(named name: String) -> String? {
        EmbeddedThemes.texts[name]
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
}
