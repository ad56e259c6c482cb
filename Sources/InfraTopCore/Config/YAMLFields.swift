import Yams
import InfraTopBasics

/// Reads a YAML mapping key by key, so every error can name the file, the line and the key.
///
/// Used for user-written files (config), where "line 7: unknown key" is worth more than a
/// generic decoding failure.
struct YAMLFields {
    let file: String
    let path: String
    let node: Node
    private let mapping: Node.Mapping

    /// Parses `text` and expects a mapping at the top (an empty file is an empty mapping).
    static func parse(_ text: String, file: String) throws(ConfigurationError) -> YAMLFields {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError("\(file): not valid YAML: \(Self.describe(error))")
        } catch {
            throw ConfigurationError("\(file): not valid YAML")
        }
        guard let root else { return try YAMLFields(file: file, path: "", node: Node.mapping(Node.Mapping([]))) }
        return try YAMLFields(file: file, path: "", node: root)
    }

    init(file: String, path: String, node: Node) throws(ConfigurationError) {
        self.file = file
        self.path = path
        self.node = node
        guard let mapping = node.mapping else {
            throw ConfigurationError("\(Self.location(file, node)): \(path.isEmpty ? "the file" : path) must be a mapping of keys to values")
        }
        self.mapping = mapping
    }

    /// The keys present, with their nodes, in file order.
    var entries: [(key: String, value: Node)] {
        mapping.compactMap { key, value in key.string.map { ($0, value) } }
    }

    /// Fails on the first key not in `known`, naming its line.
    func rejectUnknownKeys(_ known: Set<String>) throws(ConfigurationError) {
        for (key, value) in mapping {
            let name = key.string ?? "?"
            if !known.contains(name) {
                throw ConfigurationError("\(Self.location(file, key)): \(qualified(name)): unknown key (known: \(known.sorted().joined(separator: ", ")))")
            }
            _ = value
        }
    }

    func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = mapping[key] else { return nil }
        guard let scalar = value.scalar else { throw error(key, value, "expected a string") }
        return scalar.string
    }

    func number(_ key: String) throws(ConfigurationError) -> Double? {
        guard let value = mapping[key] else { return nil }
        guard let text = value.scalar?.string, let number = Double(text), number.isFinite else {
            throw error(key, value, "expected a number")
        }
        return number
    }

    func stringList(_ key: String) throws(ConfigurationError) -> [String]? {
        guard let value = mapping[key] else { return nil }
        if let scalar = value.scalar { return [scalar.string] }
        guard let sequence = value.sequence else { throw error(key, value, "expected a list of strings") }
        var items: [String] = []
        for item in sequence {
            guard let text = item.scalar?.string else { throw error(key, item, "expected a list of strings") }
            items.append(text)
        }
        return items
    }

    func fields(_ key: String) throws(ConfigurationError) -> YAMLFields? {
        guard let value = mapping[key] else { return nil }
        return try YAMLFields(file: file, path: qualified(key), node: value)
    }

    /// An error at a key's value: `file:line: path.key: message`.
    func error(_ key: String, _ value: Node, _ message: String) -> ConfigurationError {
        ConfigurationError("\(Self.location(file, value)): \(qualified(key)): \(message)")
    }

    func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    static func location(_ file: String, _ node: Node) -> String {
        guard let line = node.mark?.line else { return file }
        return "\(file):\(line)"
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _):
            return "line \(mark.line): \(problem)"
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "syntax error"
        }
    }
}
