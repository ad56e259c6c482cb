import Foundation
import InfraTopUI

/// The themes `t` cycles through, starting with the one the user chose.
struct ThemeCycle: Sendable {
    private let themes: [Theme]
    let initialIndex: Int

    /// Loads the chosen theme (an error stops start-up with file, line and key) and the built-in
    /// ones to cycle through.
    init(flag: String?, configured: String?, environment: [String: String]) throws(ThemeError) {
        let catalog = ThemeCatalog(searchDirectories: Self.searchDirectories(environment: environment))
        let choice = ThemeChoice.choose(flag: flag, configured: configured, environment: environment)
        let chosen = try catalog.load(choice.theme)
        var themes: [Theme] = []
        for name in catalog.names() {
            if name == chosen.name {
                themes.append(chosen)
            } else if let theme = try? catalog.load(name) {
                // A broken user theme is reported when chosen; cycling just passes over it.
                themes.append(theme)
            }
        }
        if let index = themes.firstIndex(where: { $0 == chosen }) {
            initialIndex = index
        } else {
            themes.insert(chosen, at: 0)
            initialIndex = 0
        }
        self.themes = themes
    }

    func theme(at index: Int) -> Theme { themes[index % themes.count] }
    func name(at index: Int) -> String { theme(at: index).name }
    func index(after index: Int) -> Int { (index + 1) % themes.count }

    /// Where theme files are looked for: the user's config folder, then a `themes/` folder
    /// beside the binary or above it (a build inside the source tree finds the repository's).
    static func searchDirectories(environment: [String: String]) -> [String] {
        var directories: [String] = []
        let configBase = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        directories.append(configBase + "/infratop/themes")
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        directories.append(folder.appendingPathComponent("../share/infratop/themes").standardized.path)
        for _ in 0..<6 {
            directories.append(folder.appendingPathComponent("themes").path)
            folder = folder.deletingLastPathComponent()
        }
        return directories
    }
}
