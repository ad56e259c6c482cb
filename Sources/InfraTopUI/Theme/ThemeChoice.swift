/// Which theme to start with and what chose it, from the flag, the environment and the config file.
package struct ThemeChoice: Hashable, Sendable {
    /// What decided the theme, strongest first.
    package enum Source: Hashable, Sendable {
        /// `--theme` on the command line.
        case flag
        /// The `INFRATOP_THEME` environment variable.
        case environment
        /// The config file's theme setting.
        case config
        /// `NO_COLOR`, set and non-empty, which selects `monochrome`.
        case noColor
        /// Nothing asked for a theme.
        case fallback
    }

    /// A theme name or path, as ``ThemeCatalog/load(_:)`` takes it.
    package var theme: String
    /// What chose it, for messages such as "theme nord (from INFRATOP_THEME)".
    package var source: Source

    package init(theme: String, source: Source) {
        self.theme = theme
        self.source = source
    }

    /// Picks the theme: `--theme` > `INFRATOP_THEME` > config > `NO_COLOR` > `default`.
    ///
    /// `NO_COLOR` (https://no-color.org) gives way to anything that names a theme for infratop:
    /// it is a default a user exports for every program, and the standard asks that a program's own
    /// flag and configuration override it. Empty values count as unset.
    package static func choose(flag: String?, configured: String?, environment: [String: String]) -> ThemeChoice {
        if let flag, !flag.isEmpty { return ThemeChoice(theme: flag, source: .flag) }
        if let named = environment["INFRATOP_THEME"], !named.isEmpty {
            return ThemeChoice(theme: named, source: .environment)
        }
        if let configured, !configured.isEmpty { return ThemeChoice(theme: configured, source: .config) }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
            return ThemeChoice(theme: "monochrome", source: .noColor)
        }
        return ThemeChoice(theme: "default", source: .fallback)
    }
}

extension ThemeCatalog {
    /// Loads the theme ``ThemeChoice/choose(flag:configured:environment:)`` picks.
    ///
    /// - Throws: ``ThemeError`` when the chosen theme cannot be loaded; the caller decides whether
    ///   to stop or to fall back to ``Theme/default`` with a warning.
    package func resolve(flag: String?, configured: String?, environment: [String: String]) throws(ThemeError) -> Theme {
        try load(ThemeChoice.choose(flag: flag, configured: configured, environment: environment).theme)
    }
}
