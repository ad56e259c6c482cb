import Testing
@testable import InfraTopUI

@Suite struct ThemeChoiceTests {
    @Test func theFlagWinsOverEverything() {
        #expect(ThemeChoice.choose(flag: "nord", configured: "light",
                                   environment: ["INFRATOP_THEME": "dracula", "NO_COLOR": "1"])
            == ThemeChoice(theme: "nord", source: .flag))
    }

    @Test func theEnvironmentWinsOverTheConfigAndNoColor() {
        #expect(ThemeChoice.choose(flag: nil, configured: "light",
                                   environment: ["INFRATOP_THEME": "dracula", "NO_COLOR": "1"])
            == ThemeChoice(theme: "dracula", source: .environment))
    }

    @Test func theConfigWinsOverNoColor() {
        #expect(ThemeChoice.choose(flag: nil, configured: "light", environment: ["NO_COLOR": "1"])
            == ThemeChoice(theme: "light", source: .config))
    }

    @Test func noColorSelectsMonochromeWhenNothingNamesATheme() throws {
        let choice = ThemeChoice.choose(flag: nil, configured: nil, environment: ["NO_COLOR": "1"])
        #expect(choice == ThemeChoice(theme: "monochrome", source: .noColor))
        #expect(try ThemeCatalog().resolve(flag: nil, configured: nil, environment: ["NO_COLOR": "yes"]) == Theme.monochrome)
    }

    @Test func emptyValuesCountAsUnset() throws {
        #expect(ThemeChoice.choose(flag: "", configured: "", environment: ["INFRATOP_THEME": "", "NO_COLOR": ""])
            == ThemeChoice(theme: "default", source: .fallback))
        #expect(try ThemeCatalog().resolve(flag: nil, configured: nil, environment: [:]) == Theme.default)
    }
}
