import Foundation

/// The usual places to look for theme files, for building a ``ThemeCatalog``.
package enum ThemeSearchPath {
    /// The user's own themes: `$XDG_CONFIG_HOME/infratop/themes`, or `~/.config/infratop/themes`
    /// when `XDG_CONFIG_HOME` is unset, empty or relative (which the XDG spec says to ignore).
    /// `nil` when neither variable gives a home.
    package static func userDirectory(environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return join(config, "infratop/themes")
        }
        if let home = environment["HOME"], !home.isEmpty {
            return join(home, ".config/infratop/themes")
        }
        return nil
    }

    /// The repository's `themes/` folder, found by walking up from the executable
    /// (`.build/debug/infratop` lives a few levels below it), so a development build picks up
    /// edits to theme files without a rebuild. A folder counts only if it holds `default.yaml`,
    /// so an unrelated `themes/` higher up is not taken for ours.
    package static func repositoryDirectory(above executablePath: String) -> String? {
        let resolved = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().path
        // Walk the components as strings so the loop plainly ends at the root.
        var components = resolved.split(separator: "/").map(String.init).dropLast()
        while true {
            let candidate = "/" + (components + ["themes"]).joined(separator: "/")
            if FileManager.default.fileExists(atPath: candidate + "/default.yaml") {
                return candidate
            }
            if components.isEmpty { return nil }
            components.removeLast()
        }
    }

    /// The user's directory, then the repository's, leaving out those that cannot be found.
    package static func standard(environment: [String: String], executablePath: String) -> [String] {
        [userDirectory(environment: environment), repositoryDirectory(above: executablePath)].compactMap { $0 }
    }

    private static func join(_ directory: String, _ relative: String) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + relative
    }
}
