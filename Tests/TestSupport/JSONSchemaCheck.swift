import Foundation

/// Checks a JSON value against a JSON Schema (draft 2020-12), for the keywords infratop's own
/// schemas use: `type`, `const`, `enum`, `required`, `properties`, `additionalProperties`,
/// `items`, `minimum`, `pattern` and local `$ref`s (`#/$defs/name`). A schema that uses any
/// other validation keyword is itself an error, so a schema can't quietly outgrow the checker.
package struct JSONSchemaCheck {
    package let schema: [String: Any]

    package init(schema data: Data) throws {
        guard let schema = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(path: "", message: "the schema is not an object")
        }
        self.schema = schema
    }

    package struct Failure: Error, CustomStringConvertible {
        package var path: String
        package var message: String
        package var description: String { "\(path.isEmpty ? "$" : path): \(message)" }
    }

    private static let annotations: Set<String> = ["$schema", "$id", "title", "description", "$defs"]
    private static let understood: Set<String> = [
        "type", "const", "enum", "required", "properties", "additionalProperties", "items", "minimum", "pattern", "$ref",
    ]

    /// Every place where `value` breaks the schema; empty when it conforms.
    package func failures(of value: Any) -> [Failure] {
        var failures: [Failure] = []
        check(value, against: schema, at: "", into: &failures)
        return failures
    }

    private func resolve(_ reference: String) -> [String: Any]? {
        guard reference.hasPrefix("#/$defs/") else { return nil }
        let name = String(reference.dropFirst("#/$defs/".count))
        return (schema["$defs"] as? [String: Any])?[name] as? [String: Any]
    }

    private func check(_ value: Any, against rule: [String: Any], at path: String, into failures: inout [Failure]) {
        for key in rule.keys where !Self.annotations.contains(key) && !Self.understood.contains(key) {
            failures.append(Failure(path: path, message: "the schema uses \"\(key)\", which this checker does not know"))
        }
        if let reference = rule["$ref"] as? String {
            guard let target = resolve(reference) else {
                failures.append(Failure(path: path, message: "unresolvable $ref \(reference)"))
                return
            }
            check(value, against: target, at: path, into: &failures)
        }
        if let type = rule["type"] as? String, !Self.value(value, is: type) {
            failures.append(Failure(path: path, message: "expected \(type), found \(Self.kind(of: value))"))
            return
        }
        if let constant = rule["const"], !Self.equal(value, constant) {
            failures.append(Failure(path: path, message: "expected \(constant), found \(value)"))
        }
        if let options = rule["enum"] as? [Any], !options.contains(where: { Self.equal(value, $0) }) {
            failures.append(Failure(path: path, message: "\(value) is not one of \(options)"))
        }
        if let minimum = (rule["minimum"] as? NSNumber)?.doubleValue, let number = (value as? NSNumber)?.doubleValue, number < minimum {
            failures.append(Failure(path: path, message: "\(number) is below \(minimum)"))
        }
        if let pattern = rule["pattern"] as? String, let text = value as? String,
           text.range(of: pattern, options: .regularExpression) == nil {
            failures.append(Failure(path: path, message: "\"\(text)\" does not match \(pattern)"))
        }
        if let object = value as? [String: Any] {
            for key in (rule["required"] as? [String]) ?? [] where object[key] == nil {
                failures.append(Failure(path: path, message: "missing required \"\(key)\""))
            }
            let properties = (rule["properties"] as? [String: Any]) ?? [:]
            for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                let memberPath = "\(path).\(key)"
                if let property = properties[key] as? [String: Any] {
                    check(member, against: property, at: memberPath, into: &failures)
                } else if let additional = rule["additionalProperties"] as? [String: Any] {
                    check(member, against: additional, at: memberPath, into: &failures)
                } else if (rule["additionalProperties"] as? Bool) == false {
                    failures.append(Failure(path: memberPath, message: "not in the schema"))
                }
            }
        }
        if let array = value as? [Any], let items = rule["items"] as? [String: Any] {
            for (index, element) in array.enumerated() {
                check(element, against: items, at: "\(path)[\(index)]", into: &failures)
            }
        }
    }

    private static func isBoolean(_ value: Any) -> Bool {
        // JSONSerialization gives booleans as NSNumbers of Objective-C type `c` (char); numbers
        // it parses are never chars.
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    private static func value(_ value: Any, is type: String) -> Bool {
        switch type {
        case "object": value is [String: Any]
        case "array": value is [Any]
        case "string": value is String
        case "boolean": isBoolean(value)
        case "number": value is NSNumber && !isBoolean(value)
        case "integer":
            if let number = value as? NSNumber, !isBoolean(value) { number.doubleValue == number.doubleValue.rounded() } else { false }
        case "null": value is NSNull
        default: false
        }
    }

    private static func kind(of value: Any) -> String {
        for type in ["object", "array", "string", "boolean", "integer", "number", "null"] where Self.value(value, is: type) { return type }
        return "\(Swift.type(of: value))"
    }

    private static func equal(_ a: Any, _ b: Any) -> Bool {
        if let a = a as? String, let b = b as? String { return a == b }
        if isBoolean(a) != isBoolean(b) { return false }
        if let a = a as? NSNumber, let b = b as? NSNumber { return a == b }
        return false
    }
}
