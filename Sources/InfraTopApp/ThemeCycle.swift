import Foundation
import InfraTopUI

/// The themes `t` cycles through, starting with the one the user chose.
package struct ThemeCycle: Sendable {
    /// Each theme with the name it was loaded by (a file may call itself something else).
    private let entries: [(name: String, theme: Theme)]
    package let initialIndex: Int

    /// Loads the chosen theme (an error stops start-up with file, line and key) and the others
    /// to cycle through.
    package init(flag: String?, configured: String?, environment: [String: String]) throws(ThemeError) {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().path
        let catalog = ThemeCatalog(searchDirectories: ThemeSearchPath.standard(environment: environment, executablePath: executable))
        let choice = ThemeChoice.choose(flag: flag, configured: configured, environment: environment)
        let chosen = try catalog.load(choice.theme)
        var entries: [(name: String, theme: Theme)] = []
        for name in catalog.names() {
            if name == choice.theme {
                entries.append((name, chosen))
            } else if let theme = try? catalog.load(name) {
                // A broken user theme is reported when chosen; cycling passes over it.
                entries.append((name, theme))
            }
        }
        if let index = entries.firstIndex(where: { $0.name == choice.theme }) {
            initialIndex = index
        } else {
            entries.insert((choice.theme, chosen), at: 0)
            initialIndex = 0
        }
        self.entries = entries
    }

    package func theme(at index: Int) -> Theme { entries[index % entries.count].theme }
    package func name(at index: Int) -> String { entries[index % entries.count].name }
    package func index(after index: Int) -> Int { (index + 1) % entries.count }
}

/// The theme in use fitted to the terminal's colours, made once per theme change and shared by
/// the live and replayed dashboards.
///
/// Reduced as a whole, not colour by colour, so text that would vanish into its background on
/// a 16- or 8-colour terminal is redrawn readable; below 8 colours only attributes remain.
struct FittedTheme {
    private var cached: (index: Int, theme: Theme)?

    mutating func theme(at index: Int, of themes: ThemeCycle, colorCount: Int) -> Theme {
        if let cached, cached.index == index { return cached.theme }
        let theme = themes.theme(at: index)
        let fitted = ColorDepth(colorCount: colorCount).map { theme.reduced(to: $0) } ?? Theme.monochrome
        cached = (index, fitted)
        return fitted
    }
}
