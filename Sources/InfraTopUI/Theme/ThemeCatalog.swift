import Foundation

/// Where themes are found: files in search directories first, then the built-ins compiled into
/// infratop, so a user can override a built-in by name and the binary starts without any folder.
package struct ThemeCatalog: Hashable, Sendable {
    /// The built-in theme names in cycling order, `default` first.
    package static let builtInNames = BuiltInThemes.names

    /// Directories searched for `NAME.yaml`, in order; the caller passes e.g.
    /// `$XDG_CONFIG_HOME/infratop/themes` and the repository's `themes/`.
    package var searchDirectories: [String]

    /// A catalog searching `searchDirectories` before the built-ins; see ``ThemeSearchPath/standard(environment:executablePath:)``.
    package init(searchDirectories: [String] = []) {
        self.searchDirectories = searchDirectories
    }

    /// Whether a `--theme` value names a file rather than a theme.
    package static func isPath(_ value: String) -> Bool {
        value.contains("/") || value.hasSuffix(".yaml") || value.hasSuffix(".yml")
    }

    /// Loads a theme as `--theme` takes it: a value with a `/` or ending in `.yaml` is a file path,
    /// anything else a name looked up in ``searchDirectories`` and then among the built-ins.
    ///
    /// - Throws: ``ThemeError`` when the file is unreadable or invalid, or no theme has that name.
    package func load(_ nameOrPath: String) throws(ThemeError) -> Theme {
        if Self.isPath(nameOrPath) {
            return try Theme(contentsOfFile: nameOrPath)
        }
        if let path = file(named: nameOrPath) {
            return try Theme(contentsOfFile: path)
        }
        if let text = BuiltInThemes.yaml(named: nameOrPath) {
            return try Theme(yaml: text, file: "\(nameOrPath).yaml")
        }
        var message = "no theme by that name (built-in: \(Self.builtInNames.joined(separator: ", "))"
        let found = userThemeNames()
        if !found.isEmpty { message += "; found: \(found.joined(separator: ", "))" }
        if !searchDirectories.isEmpty { message += "; searched \(searchDirectories.joined(separator: ", "))" }
        throw ThemeError(file: nameOrPath, message: message + ")")
    }

    /// The names to cycle through: the built-ins in order, then other themes found in the search
    /// directories, sorted.
    package func names() -> [String] {
        Self.builtInNames + userThemeNames().filter { !Self.builtInNames.contains($0) }
    }

    /// The name after `current` in `names`, wrapping around; the first name when `current` is not there.
    ///
    /// Pass the name the theme was loaded by, not ``Theme/name``: a user's `ocean.yaml` may call
    /// itself `Ocean Blue`.
    package static func name(after current: String, in names: [String]) -> String? {
        guard let index = names.firstIndex(of: current) else { return names.first }
        return names[(index + 1) % names.count]
    }

    /// The first search directory's file for `name`, if any.
    private func file(named name: String) -> String? {
        searchDirectories
            .map { ($0.hasSuffix("/") ? $0 : $0 + "/") + name + ".yaml" }
            .first { FileManager.default.fileExists(atPath: $0) }
    }

    private func userThemeNames() -> [String] {
        var names = Set<String>()
        for directory in searchDirectories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files where file.hasSuffix(".yaml") && !file.hasPrefix(".") {
                names.insert(String(file.dropLast(".yaml".count)))
            }
        }
        return names.sorted()
    }
}
