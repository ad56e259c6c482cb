import Foundation
import Testing
@testable import InfraTopUI

@Suite struct ThemeCatalogTests {
    /// The repository's themes/ folder, found from this file so tests pass from any working directory.
    private static let themesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes").path

    private static let shipped = ThemeCatalog.builtInNames

    /// Roles whose glyphs must stand out from their background; `background` itself draws nothing.
    private static let textBearing = ThemeRole.allCases.filter { $0 != .background }

    @Test func listsTheBuiltInsInCyclingOrder() {
        #expect(ThemeCatalog.builtInNames
            == ["default", "light", "dracula", "nord", "solarized-dark", "high-contrast", "monochrome"])
        #expect(ThemeCatalog.name(after: "dracula", in: ThemeCatalog.builtInNames) == "nord")
        #expect(ThemeCatalog.name(after: "monochrome", in: ThemeCatalog.builtInNames) == "default")
        #expect(ThemeCatalog.name(after: "gone", in: ThemeCatalog.builtInNames) == "default")
        #expect(ThemeCatalog.name(after: "x", in: []) == nil)
    }

    @Test(arguments: shipped)
    func everyShippedFileDefinesEveryRoleItself(name: String) throws {
        let text = try String(contentsOfFile: "\(Self.themesDirectory)/\(name).yaml", encoding: .utf8)
        let definition = try ThemeParser(file: "\(name).yaml").parse(text)
        #expect(definition.name == name)
        #expect(Set(definition.roles.keys) == Set(ThemeRole.allCases))
    }

    /// A file added to themes/ is compiled in; it must also have its place in the cycle.
    @Test func theCycleNamesEveryFileInTheFolder() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDirectory).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(BuiltInThemes.names))
        #expect(Set(EmbeddedThemes.texts.keys) == Set(BuiltInThemes.names))
    }

    @Test(arguments: shipped)
    func everyEmbeddedThemeIsByteIdenticalToItsFile(name: String) throws {
        let file = try Data(contentsOf: URL(fileURLWithPath: "\(Self.themesDirectory)/\(name).yaml"))
        let embedded = try #require(BuiltInThemes.yaml(named: name))
        #expect(Data(embedded.utf8) == file, "the binary's \(name) theme is not themes/\(name).yaml: the EmbedThemes plugin did not run on it")
    }

    @Test(arguments: shipped)
    func everyShippedThemeLoadsFromTheFolderAndFromTheBinary(name: String) throws {
        let fromFolder = try ThemeCatalog(searchDirectories: [Self.themesDirectory]).load(name)
        let builtIn = try ThemeCatalog().load(name)
        #expect(fromFolder == builtIn)
        #expect(builtIn.name == name)
    }

    @Test(arguments: shipped)
    func everyShippedThemeIsReadableWith16ColoursWithoutRepairs(name: String) throws {
        let theme = try ThemeCatalog().load(name)
        let reduced = theme.reduced(to: .ansi16)
        for role in Self.textBearing {
            // Reducing style by style shows the theme as designed, before Theme.reduced repairs anything.
            let style = theme.style(role).reduced(to: .ansi16)
            let bothDefault = style.foreground == .default && style.background == .default
            #expect(bothDefault || style.foreground != style.background, "\(name): \(role.rawValue) is \(style)")
            #expect(reduced.style(role) == style, "\(name): \(role.rawValue) needed a repair")
        }
        #expect(reduced.style(.selection) != reduced.style(.text), "\(name): selection looks like text")
        #expect(reduced.style(.match) != reduced.style(.text), "\(name): a match looks like text")
    }

    @Test(arguments: shipped)
    func everyShippedThemeIsReadableWith8Colours(name: String) throws {
        let theme = try ThemeCatalog().load(name).reduced(to: .ansi8)
        for role in Self.textBearing {
            let style = theme.style(role)
            let bothDefault = style.foreground == .default && style.background == .default
            #expect(bothDefault || style.foreground != style.background, "\(name): \(role.rawValue) is \(style)")
        }
        #expect(theme.style(.selection) != theme.style(.text), "\(name): selection looks like text")
    }

    @Test(arguments: shipped.filter { $0 != "monochrome" })
    func statusColoursStayApartWith16Colours(name: String) throws {
        let theme = try ThemeCatalog().load(name).reduced(to: .ansi16)
        #expect(theme.style(.ok).foreground != theme.style(.critical).foreground)
        #expect(theme.style(.ok).foreground != theme.style(.text).foreground)
        #expect(theme.style(.critical).foreground != theme.style(.text).foreground)
    }

    @Test func monochromeHasNoColoursAndReversesTheSelection() {
        let theme = Theme.monochrome
        #expect(theme.name == "monochrome")
        for role in ThemeRole.allCases {
            #expect(theme.style(role).foreground == .default && theme.style(role).background == .default)
        }
        #expect(theme.style(.selection) == Style(attributes: .reverse))
    }

    @Test func theDefaultThemeIsAlwaysAvailable() throws {
        #expect(Theme.default == (try ThemeCatalog(searchDirectories: ["/nonexistent"]).load("default")))
        #expect(Theme.default.style(.selection) == Style(foreground: .black, background: .cyan))
        #expect(Theme.default.style(.critical) == Style(foreground: .red, attributes: .bold))
    }

    @Test func aValueWithASlashOrYamlSuffixIsAPath() {
        #expect(ThemeCatalog.isPath("./mine.yaml"))
        #expect(ThemeCatalog.isPath("mine.yaml"))
        #expect(ThemeCatalog.isPath("themes/mine"))
        #expect(!ThemeCatalog.isPath("solarized-dark"))
    }

    @Test func searchDirectoriesComeBeforeBuiltInsAndInOrder() throws {
        let first = try TemporaryDirectory()
        let second = try TemporaryDirectory()
        try first.write("dracula.yaml", "name: my-dracula\nroles:\n  ok: blue\n")
        try second.write("dracula.yaml", "name: other\n")
        try second.write("ocean.yaml", "roles:\n  accent: 33\n")
        let catalog = ThemeCatalog(searchDirectories: [first.path, second.path])
        #expect(try catalog.load("dracula").name == "my-dracula")
        #expect(try catalog.load("dracula").style(.ok).foreground == .blue)
        #expect(try catalog.load("ocean").style(.key).foreground == .indexed(33))
        #expect(try catalog.load("\(second.path)/dracula.yaml").name == "other")
        #expect(catalog.names() == ThemeCatalog.builtInNames + ["ocean"])
    }

    @Test func anUnknownNameListsWhatThereIs() throws {
        let directory = try TemporaryDirectory()
        try directory.write("ocean.yaml", "roles: {}\n")
        let catalog = ThemeCatalog(searchDirectories: [directory.path])
        #expect(throws: ThemeError(file: "drakula", message:
            "no theme by that name (built-in: default, light, dracula, nord, solarized-dark, high-contrast, monochrome"
            + "; found: ocean; searched \(directory.path))")) {
            try catalog.load("drakula")
        }
    }

    @Test func aMissingOrBrokenFileSaysWhichFile() throws {
        #expect(throws: ThemeError(file: "/nonexistent/mine.yaml", message: "no such file")) {
            try ThemeCatalog().load("/nonexistent/mine.yaml")
        }
        let directory = try TemporaryDirectory()
        try directory.write("broken.yaml", "roles:\n  ok: { fg: \"#12345\" }\n")
        #expect(throws: ThemeError(file: "\(directory.path)/broken.yaml", line: 2, key: "roles.ok.fg",
                                   message: "bad colour \"#12345\" — use a name, 0–255, #rrggbb or default")) {
            try ThemeCatalog(searchDirectories: [directory.path]).load("broken")
        }
    }
}

/// A directory under the system's temporary folder, removed when the value is dropped.
private final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "infratop-themes-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: "\(path)/\(name)", atomically: true, encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
