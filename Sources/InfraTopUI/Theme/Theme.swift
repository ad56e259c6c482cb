import Foundation

/// A named set of styles, one for every ``ThemeRole``; views draw with `theme.style(.ok)`.
///
/// A theme always resolves every role: what its file leaves out is inherited as ``ThemeRole``
/// describes, and every style is complete (a role without `fg` is drawn in `text`'s, one without
/// `bg` on `background`'s).
package struct Theme: Hashable, Sendable {
    /// The theme's name: its `name:` key, or its file name without `.yaml`.
    package let name: String
    private let styles: [ThemeRole: Style]

    /// A theme built in code, for tests and previews; roles left out of `styles` are drawn plain.
    package init(name: String, styles: [ThemeRole: Style]) {
        self.name = name
        self.styles = styles
    }

    /// How `role` is drawn in this theme.
    package func style(_ role: ThemeRole) -> Style {
        styles[role] ?? .plain
    }

    /// This theme with every style changed by `transform`; used to fit colours to the terminal.
    func mapStyles(_ transform: (Style) -> Style) -> Theme {
        Theme(name: name, styles: styles.mapValues(transform))
    }
}

extension Theme {
    /// Parses a theme from its YAML text.
    ///
    /// - Parameters:
    ///   - yaml: the theme file's text.
    ///   - file: the file name errors are reported against; its base name is the theme's name
    ///     when the text has no `name:`.
    /// - Throws: ``ThemeError`` naming the line and key of the first problem.
    package init(yaml: String, file: String) throws(ThemeError) {
        let definition = try ThemeParser(file: file).parse(yaml)
        self.init(definition: definition, fallbackName: Self.baseName(of: file))
    }

    /// Reads and parses the theme file at `path`.
    ///
    /// - Throws: ``ThemeError`` when the file cannot be read or is not a valid theme.
    package init(contentsOfFile path: String) throws(ThemeError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ThemeError(file: path, message: exists ? "cannot read the file — check its permissions" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ThemeError(file: path, message: "not UTF-8 text")
        }
        try self.init(yaml: text, file: path)
    }

    init(definition: ThemeDefinition, fallbackName: String) {
        self.init(name: definition.name ?? fallbackName,
                  styles: definition.resolvedStyles(base: BuiltInThemes.defaultDefinition))
    }

    /// The built-in `default` theme; always available, even when no themes folder is found.
    package static let `default` = Theme(definition: BuiltInThemes.defaultDefinition, fallbackName: "default")

    /// The built-in `monochrome` theme: attributes only, no colours, as `NO_COLOR` asks; also the
    /// theme to use on a terminal without colours.
    package static let monochrome = Theme(definition: BuiltInThemes.monochromeDefinition, fallbackName: "monochrome")

    private static func baseName(of file: String) -> String {
        let last = file.split(separator: "/").last.map(String.init) ?? file
        for suffix in [".yaml", ".yml"] where last.hasSuffix(suffix) {
            return String(last.dropLast(suffix.count))
        }
        return last
    }
}
