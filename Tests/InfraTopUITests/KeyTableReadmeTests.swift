import Foundation
import Testing
@testable import InfraTopUI

/// README's key tables are the binding tables written out: the same rows in the same order, the
/// same keys and the same words. A binding added to a table without its README row fails here,
/// and so does a README row for a key no table binds.
@Suite struct KeyTableReadmeTests {
    /// One row of a key table: the keys it names and what it says they do.
    struct Row: Equatable, CustomStringConvertible {
        var keys: Set<KeyPattern>
        var does: String

        var description: String { "\(Self.names(keys)) | \(does)" }

        static func names(_ keys: Set<KeyPattern>) -> String {
            keys.map(KeyTableReadmeTests.name(of:)).sorted().joined(separator: " ")
        }
    }

    /// Where README keeps each mode's table: the heading above it and the table's header row.
    /// A switch, so that a new mode does not compile until its README table has a place.
    static func readmeTable(of mode: KeyMode) -> (heading: String, header: String) {
        switch mode {
        case .dashboard: ("## Keys", "| key | does |")
        case .filter: ("### While typing a filter", "| key | does |")
        case .finding: ("### In a finding", "| key | does |")
        case .help: ("### In the help", "| key | does |")
        case .logPane: ("### In the logs pane", "| key | does |")
        case .replay: ("## Record and replay", "| key (replay) | does |")
        }
    }

    @Test(arguments: KeyMode.allCases)
    func readmeListsTheModesBindingsAndNothingElse(_ mode: KeyMode) throws {
        let (heading, header) = Self.readmeTable(of: mode)
        let rows = try #require(try Self.rows(under: heading, header: header, in: Self.readme()),
                                "README.md has no `\(header)` table under `\(heading)`")
        let expected = KeyBindings.table(for: mode).map { Row(keys: Set($0.keys), does: $0.description) }

        let documented = rows.reduce(into: Set<KeyPattern>()) { $0.formUnion($1.keys) }
        let bound = expected.reduce(into: Set<KeyPattern>()) { $0.formUnion($1.keys) }
        for key in bound.subtracting(documented) {
            Issue.record("`\(Self.name(of: key))` is bound in \(mode) but README's table under `\(heading)` does not list it")
        }
        for key in documented.subtracting(bound) {
            Issue.record("README's table under `\(heading)` lists `\(Self.name(of: key))`, which no \(mode) binding has")
        }
        for row in expected {
            guard let written = rows.first(where: { $0.keys == row.keys }) else {
                Issue.record("README's table under `\(heading)` has no row for \(Row.names(row.keys)): \(row.does)")
                continue
            }
            #expect(written.does == row.does, "README's words for \(Row.names(row.keys)) differ from the binding's description")
        }
        // Row for row, in order: README is the table written out.
        #expect(rows == expected, "README's table under `\(heading)` should read, in order:\n\(expected.map(\.description).joined(separator: "\n"))")
    }

    @Test func keyCellsNameKeysAsTheTablesBindThem() throws {
        #expect(try Self.keys(in: "`1` … `3`") == [.key(.character("1")), .key(.character("2")), .key(.character("3"))])
        #expect(try Self.keys(in: "`tab` / `shift-tab`") == [.key(.tab), .key(.backTab)])
        #expect(try Self.keys(in: "`q`, `ctrl-c`") == [.key(.character("q")), .key(.interrupt)])
        #expect(try Self.keys(in: "`]` `[`, `→` `←`") == [.key(.character("]")), .key(.character("[")), .key(.right), .key(.left)])
        #expect(try Self.keys(in: "any character") == [.anyCharacter])
        #expect(throws: (any Error).self) { try Self.keys(in: "`tab` or `esc`") }
        #expect(throws: (any Error).self) { try Self.keys(in: "`ctrl-x`") }
    }

    // MARK: - Reading README

    struct ReadmeError: Error, CustomStringConvertible {
        var description: String
    }

    static func readme() throws -> String {
        // Tests/InfraTopUITests/KeyTableReadmeTests.swift → the package root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    }

    /// The rows of the table with `header` in the section under `heading` (up to the next heading
    /// of any level); nil when there is none.
    static func rows(under heading: String, header: String, in readme: String) throws -> [Row]? {
        let lines = readme.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: heading) else { return nil }
        let section = lines[(start + 1)...].prefix { !$0.hasPrefix("#") }
        guard let top = section.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == header }) else { return nil }
        return try lines[(top + 1)...]
            .prefix { $0.hasPrefix("|") }
            .filter { !$0.hasPrefix("|---") }
            .map(row(from:))
    }

    static func row(from line: String) throws -> Row {
        let cells = line.split(separator: "|", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        // `| a | b |` splits into "", a, b, "".
        guard cells.count == 4, cells.first == "", cells.last == "" else {
            throw ReadmeError(description: "a key table row has two cells: \(line)")
        }
        return Row(keys: try keys(in: cells[1]), does: cells[2])
    }

    /// The keys a key cell names: each key in backticks, alternatives apart by spaces, `/` or `,`,
    /// and `a` … `b` for a run of characters. `any character` is the wildcard of typing.
    static func keys(in cell: String) throws -> Set<KeyPattern> {
        if cell == "any character" { return [.anyCharacter] }
        // Split on backticks: odd pieces are keys, even pieces what stands between them.
        let pieces = cell.split(separator: "`", omittingEmptySubsequences: false).map(String.init)
        guard pieces.count % 2 == 1, pieces.count > 1 else { throw ReadmeError(description: "no keys in `\(cell)`") }
        var keys: Set<KeyPattern> = []
        var previous: KeyPress?
        var runs = false
        for (index, piece) in pieces.enumerated() {
            if index % 2 == 0 {
                let between = piece.trimmingCharacters(in: .whitespaces)
                guard ["", "/", ",", "…"].contains(between) else {
                    throw ReadmeError(description: "`\(between)` between keys in `\(cell)`")
                }
                runs = between == "…"
                continue
            }
            let key = try key(named: piece)
            if runs, case .character(let from)? = previous, case .character(let to) = key,
               let low = from.unicodeScalars.first?.value, let high = to.unicodeScalars.first?.value, low <= high {
                for value in low...high {
                    if let scalar = Unicode.Scalar(value) { keys.insert(.key(.character(Character(scalar)))) }
                }
            } else if runs {
                throw ReadmeError(description: "`…` needs a character on each side in `\(cell)`")
            }
            keys.insert(.key(key))
            previous = key
        }
        return keys
    }

    /// README's names for keys that are not one character.
    static let namedKeys: [String: KeyPress] = [
        "↑": .up, "↓": .down, "←": .left, "→": .right,
        "pgup": .pageUp, "pgdn": .pageDown, "home": .home, "end": .end,
        "tab": .tab, "shift-tab": .backTab, "enter": .enter, "esc": .escape, "backspace": .backspace,
        "space": .character(" "), "ctrl-c": .interrupt,
    ]

    static func key(named name: String) throws -> KeyPress {
        if let key = namedKeys[name] { return key }
        guard name.count == 1, let character = name.first else { throw ReadmeError(description: "no key is called `\(name)`") }
        return .character(character)
    }

    static func name(of pattern: KeyPattern) -> String {
        guard case .key(let key) = pattern else { return "any character" }
        if let name = namedKeys.first(where: { $0.value == key })?.key { return name }
        if case .character(let character) = key { return String(character) }
        return "\(key)"
    }
}
