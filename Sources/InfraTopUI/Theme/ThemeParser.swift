import Yams

/// Turns a theme file's YAML into a ``ThemeDefinition``, rejecting anything it does not understand
/// with the line and key at fault.
///
/// It walks Yams' node tree rather than decoding into `Codable` types because only the nodes keep
/// their line numbers, and a theme file is hand-written user input that deserves a precise error.
struct ThemeParser {
    /// The file name errors are reported against.
    let file: String

    private static let topLevelKeys = ["name", "palette", "roles"]
    private static let styleKeys = ["fg", "bg", "bold", "dim", "italic", "underline", "reverse"]
    private static let attributeKeys: [String: TextAttributes] = [
        "bold": .bold, "dim": .dim, "italic": .italic, "underline": .underline, "reverse": .reverse,
    ]

    func parse(_ yaml: String) throws(ThemeError) -> ThemeDefinition {
        let document: Node?
        do {
            document = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw syntaxError(error)
        } catch {
            throw ThemeError(file: file, message: "invalid YAML: \(error)")
        }
        guard let root = document, !isNull(root) else {
            throw ThemeError(file: file, line: 1, message: "the file is empty — a theme needs at least `roles:`")
        }
        guard case .mapping(let mapping) = root else {
            throw ThemeError(file: file, line: root.mark?.line,
                             message: "expected a mapping with name, palette and roles, got \(describe(root))")
        }

        var definition = ThemeDefinition()
        var palette: [String: Color] = [:]
        let entries = try keyedEntries(of: mapping, path: nil)
        // The palette is read first so roles may use aliases defined below them in the file.
        for entry in entries where entry.key == "palette" {
            palette = try parsePalette(entry.value, path: "palette")
        }
        for entry in entries {
            switch entry.key {
            case "name":
                definition.name = try parseName(entry.value)
            case "palette":
                break
            case "roles":
                definition.roles = try parseRoles(entry.value, palette: palette)
            default:
                throw ThemeError(file: file, line: entry.line, key: entry.key,
                                 message: "unknown key (known: \(Self.topLevelKeys.joined(separator: ", ")))")
            }
        }
        return definition
    }

    // MARK: - Sections

    private func parseName(_ node: Node) throws(ThemeError) -> String {
        guard case .scalar(let scalar) = node, !isNull(node), !scalar.string.isEmpty else {
            throw ThemeError(file: file, line: node.mark?.line, key: "name",
                             message: "expected the theme's name, got \(describe(node))")
        }
        return scalar.string
    }

    private func parsePalette(_ node: Node, path: String) throws(ThemeError) -> [String: Color] {
        guard case .mapping(let mapping) = node else {
            throw ThemeError(file: file, line: node.mark?.line, key: path,
                             message: "expected a mapping of alias: colour, got \(describe(node))")
        }
        var palette: [String: Color] = [:]
        for entry in try keyedEntries(of: mapping, path: path) {
            palette[entry.key] = try parseColor(entry.value, path: "\(path).\(entry.key)", palette: [:])
        }
        return palette
    }

    private func parseRoles(_ node: Node, palette: [String: Color]) throws(ThemeError) -> [ThemeRole: RoleStyle] {
        guard case .mapping(let mapping) = node else {
            throw ThemeError(file: file, line: node.mark?.line, key: "roles",
                             message: "expected a mapping of role: style, got \(describe(node))")
        }
        var roles: [ThemeRole: RoleStyle] = [:]
        for entry in try keyedEntries(of: mapping, path: "roles") {
            let path = "roles.\(entry.key)"
            guard let role = ThemeRole(rawValue: entry.key) else {
                let known = ThemeRole.allCases.map(\.rawValue).joined(separator: ", ")
                throw ThemeError(file: file, line: entry.line, key: path, message: "unknown role (known: \(known))")
            }
            roles[role] = try parseStyle(entry.value, path: path, palette: palette)
        }
        return roles
    }

    /// A bare colour is shorthand for `{ fg: colour }`, the common case for status roles.
    private func parseStyle(_ node: Node, path: String, palette: [String: Color]) throws(ThemeError) -> RoleStyle {
        switch node {
        case .scalar:
            return RoleStyle(foreground: try parseColor(node, path: path, palette: palette))
        case .mapping(let mapping):
            var style = RoleStyle()
            for entry in try keyedEntries(of: mapping, path: path) {
                let keyPath = "\(path).\(entry.key)"
                switch entry.key {
                case "fg":
                    style.foreground = try parseColor(entry.value, path: keyPath, palette: palette)
                case "bg":
                    style.background = try parseColor(entry.value, path: keyPath, palette: palette)
                default:
                    guard let attribute = Self.attributeKeys[entry.key] else {
                        throw ThemeError(file: file, line: entry.line, key: keyPath,
                                         message: "unknown key (known: \(Self.styleKeys.joined(separator: ", ")))")
                    }
                    if try parseFlag(entry.value, path: keyPath) { style.attributes.insert(attribute) }
                }
            }
            return style
        default:
            throw ThemeError(file: file, line: node.mark?.line, key: path,
                             message: "expected a colour or a mapping of \(Self.styleKeys.joined(separator: ", ")), got \(describe(node))")
        }
    }

    // MARK: - Values

    private func parseColor(_ node: Node, path: String, palette: [String: Color]) throws(ThemeError) -> Color {
        guard case .scalar(let scalar) = node else {
            throw ThemeError(file: file, line: node.mark?.line, key: path,
                             message: "expected a colour (\(ColorNotation.expectation)), got \(describe(node))")
        }
        if isNull(node) {
            // An unquoted `#50fa7b` is a YAML comment, which leaves the value empty: say so.
            throw ThemeError(file: file, line: node.mark?.line, key: path,
                             message: "missing colour — quote hex colours, e.g. \"#50fa7b\", since a bare # starts a comment")
        }
        guard let color = ColorNotation.color(from: scalar.string, palette: palette) else {
            throw ThemeError(file: file, line: node.mark?.line, key: path,
                             message: "bad colour \"\(scalar.string)\" — \(ColorNotation.expectation)")
        }
        return color
    }

    private func parseFlag(_ node: Node, path: String) throws(ThemeError) -> Bool {
        guard case .scalar = node, has(node, tag: .bool), let flag = node.bool else {
            throw ThemeError(file: file, line: node.mark?.line, key: path,
                             message: "expected true or false, got \(describe(node))")
        }
        return flag
    }

    // MARK: - Helpers

    private struct Entry {
        var key: String
        var line: Int?
        var value: Node
    }

    /// The mapping's entries with plain-text keys, rejecting complex and duplicate keys, which YAML
    /// allows but which would otherwise silently lose one of two settings.
    private func keyedEntries(of mapping: Node.Mapping, path: String?) throws(ThemeError) -> [Entry] {
        var entries: [Entry] = []
        var firstLines: [String: Int?] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode, !isNull(keyNode) else {
                throw ThemeError(file: file, line: keyNode.mark?.line, key: path,
                                 message: "keys must be plain words, got \(describe(keyNode))")
            }
            let key = scalar.string
            let line = keyNode.mark?.line
            let fullKey = path.map { "\($0).\(key)" } ?? key
            if let firstLine = firstLines[key] {
                let earlier = firstLine.map { " (first on line \($0))" } ?? ""
                throw ThemeError(file: file, line: line, key: fullKey, message: "duplicate key\(earlier)")
            }
            firstLines[key] = line
            entries.append(Entry(key: key, line: line, value: value))
        }
        return entries
    }

    private func isNull(_ node: Node) -> Bool {
        has(node, tag: .null)
    }

    /// Whether YAML resolved `node` to `tag`, e.g. unquoted `true` to bool but quoted `"true"` to str.
    private func has(_ node: Node, tag: Tag.Name) -> Bool {
        // Yams keeps `Tag.name` internal; its description is the name's raw value.
        node.tag.description == tag.rawValue
    }

    /// How a node is named in "expected …, got …" messages.
    private func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar): return isNull(node) ? "nothing" : "\"\(scalar.string)\""
        }
    }

    private func syntaxError(_ error: YamlError) -> ThemeError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return ThemeError(file: file, line: mark.line, message: "invalid YAML: \(problem)")
        case .reader(let problem, _, _, _):
            return ThemeError(file: file, message: "invalid YAML: \(problem)")
        default:
            return ThemeError(file: file, message: "invalid YAML: \(error)")
        }
    }
}
