import Foundation

/// A JSON document the fixture builds objects in, before the models decode them, so that the
/// objects pass through the same Codable the API server's responses do.
enum JSONValue: Sendable, Equatable, Codable, ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByNilLiteral {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(floatLiteral value: Double) { self = .double(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last })) }
    init(nilLiteral: ()) { self = .null }

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// A member of an object; `.null` when absent. Setting one on `.null` makes an object.
    subscript(key: String) -> JSONValue {
        get {
            if case .object(let members) = self { return members[key] ?? .null }
            return .null
        }
        set {
            switch self {
            case .object(var members):
                members[key] = newValue
                self = .object(members)
            case .null:
                self = .object([key: newValue])
            default:
                preconditionFailure("\(key) set on a JSON value that is not an object")
            }
        }
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var int: Int? { if case .int(let value) = self { value } else { nil } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    var array: [JSONValue] { if case .array(let value) = self { value } else { [] } }
    var isNull: Bool { self == .null }

    /// Without the member.
    func removing(_ key: String) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members[key] = nil
        return .object(members)
    }

    /// Sets a count, or leaves it out when it is zero, as the API does with its status counts.
    mutating func setCount(_ key: String, _ value: Int) {
        if value != 0 { self[key] = .int(value) } else { self = removing(key) }
    }

    /// `prune`: drops null, empty strings, lists and maps as Go's `omitempty` does when the API
    /// server serialises. Zero numbers and false stay.
    var pruned: JSONValue {
        switch self {
        case .object(let members):
            var out: [String: JSONValue] = [:]
            for (key, value) in members {
                let value = value.pruned
                switch value {
                case .null, .string(""), .array([]), .object([:]): continue
                default: out[key] = value
                }
            }
            return .object(out)
        case .array(let elements):
            return .array(elements.map(\.pruned))
        default:
            return self
        }
    }

    /// The model this document describes, decoded as a response from the API server would be.
    func decode<T: Decodable>(as type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: JSONEncoder().encode(self))
    }

    /// A model as a document, to change it the way the lab changes its objects.
    init<T: Encodable>(encoding model: T) throws {
        self = try JSONValue(parsing: JSONEncoder().encode(model))
    }

    /// Parsed by JSONSerialization: decoding through `init(from:)` tries each type in turn, and
    /// its thrown errors make that many times slower.
    init(parsing data: Data) throws {
        self = JSONValue(foundation: try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    private init(foundation value: Any) {
        switch value {
        case let text as String:
            self = .string(text)
        case let number as NSNumber:
            // Booleans come as NSNumber too; their type encoding is `c` (char).
            let type = String(cString: number.objCType)
            if type == "c" {
                self = .bool(number.boolValue)
            } else if type == "d" || type == "f" {
                self = .double(number.doubleValue)
            } else {
                self = .int(number.intValue)
            }
        case let array as [Any]:
            self = .array(array.map(JSONValue.init(foundation:)))
        case let object as [String: Any]:
            self = .object(object.mapValues(JSONValue.init(foundation:)))
        default:
            self = .null
        }
    }
}
