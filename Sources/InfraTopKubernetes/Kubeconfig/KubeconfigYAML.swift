import Foundation
import Yams

/// Reads one mapping of a kubeconfig key by key, so each error names the file, the line and
/// the key path (`users[lab-exec].user.exec.args`).
///
/// Values are read from scalars as written, so a token that looks like a number stays a string.
struct KubeconfigYAML {
    let file: String
    let path: String
    let mapping: Node.Mapping
    let node: Node

    /// Parses a whole file; an empty file is an empty kubeconfig.
    static func parse(_ text: String, file: String) throws(KubeconfigError) -> KubeconfigYAML {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw KubeconfigError("\(file): not valid YAML: \(describe(error))")
        } catch {
            throw KubeconfigError("\(file): not valid YAML")
        }
        return try KubeconfigYAML(file: file, path: "", node: root ?? Node.mapping(Node.Mapping([])))
    }

    init(file: String, path: String, node: Node) throws(KubeconfigError) {
        self.file = file
        self.path = path
        self.node = node
        // `user: null` and `user: {}` both mean "nothing set".
        if node.null != nil {
            self.mapping = Node.Mapping([])
            return
        }
        guard let mapping = node.mapping else {
            throw KubeconfigError("\(Self.location(file, node)): \(path.isEmpty ? "the file" : path) must be a mapping of keys to values")
        }
        self.mapping = mapping
    }

    func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func failure(_ key: String, _ node: Node, _ problem: String) -> KubeconfigError {
        KubeconfigError("\(Self.location(file, node)): \(qualified(key)) \(problem)")
    }

    /// A present, non-null value.
    private func value(_ key: String) -> Node? {
        guard let value = mapping[key], value.null == nil else { return nil }
        return value
    }

    func string(_ key: String) throws(KubeconfigError) -> String? {
        guard let value = value(key) else { return nil }
        guard let scalar = value.scalar else { throw failure(key, value, "must be a string") }
        return scalar.string
    }

    /// A string that is required; `what` explains it in the error.
    func requiredString(_ key: String) throws(KubeconfigError) -> String {
        guard let text = try string(key), !text.isEmpty else {
            throw KubeconfigError("\(Self.location(file, node)): \(qualified(key)) is missing")
        }
        return text
    }

    func bool(_ key: String) throws(KubeconfigError) -> Bool? {
        guard let value = value(key) else { return nil }
        switch value.scalar?.string.lowercased() {
        case "true": return true
        case "false": return false
        default: throw failure(key, value, "must be true or false")
        }
    }

    /// Base64 data (`*-data` keys). The error never quotes the value: it may be a private key.
    func base64(_ key: String) throws(KubeconfigError) -> [UInt8]? {
        guard let text = try string(key) else { return nil }
        let compact = text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact) else {
            throw failure(key, mapping[key] ?? node, "is not valid base64")
        }
        return Array(data)
    }

    func strings(_ key: String) throws(KubeconfigError) -> [String] {
        guard let value = value(key) else { return [] }
        guard let sequence = value.sequence else { throw failure(key, value, "must be a list of strings") }
        var result: [String] = []
        for (index, item) in sequence.enumerated() {
            guard let scalar = item.scalar else { throw failure("\(key)[\(index)]", item, "must be a string") }
            result.append(scalar.string)
        }
        return result
    }

    func mapping(_ key: String) throws(KubeconfigError) -> KubeconfigYAML? {
        guard let value = value(key) else { return nil }
        return try KubeconfigYAML(file: file, path: qualified(key), node: value)
    }

    /// The entries of a named list (`clusters: [{name: x, cluster: {...}}]`), as kubectl writes them.
    func namedList(_ key: String, entry: String) throws(KubeconfigError) -> [(name: String, body: KubeconfigYAML)] {
        guard let value = value(key) else { return [] }
        guard let sequence = value.sequence else { throw failure(key, value, "must be a list") }
        var result: [(String, KubeconfigYAML)] = []
        for (index, item) in sequence.enumerated() {
            let element = try KubeconfigYAML(file: file, path: "\(qualified(key))[\(index)]", node: item)
            let name = try element.requiredString("name")
            let body = element.value(entry) ?? Node.mapping(Node.Mapping([]))
            result.append((name, try KubeconfigYAML(file: file, path: "\(qualified(key))[\(name)].\(entry)", node: body)))
        }
        return result
    }

    /// `file:line` for a node, or just the file when the parser gave no mark.
    static func location(_ file: String, _ node: Node) -> String {
        guard let mark = node.mark else { return file }
        return "\(file):\(mark.line)"
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return "line \(mark.line): \(prefix)\(problem)"
        default:
            return "it could not be parsed"
        }
    }
}
