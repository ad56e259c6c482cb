import Foundation

/// A value the Kubernetes API leaves out of its JSON when it is empty (Go's `omitempty`):
/// `""`, `0`, `false`, `[]` and `[:]`.
package protocol OmittedWhenEmpty: Codable, Equatable {
    /// The value a missing field stands for, as Go's zero value does.
    static var emptyValue: Self { get }
}

extension String: OmittedWhenEmpty { package static var emptyValue: String { "" } }
extension Int: OmittedWhenEmpty { package static var emptyValue: Int { 0 } }
extension Int32: OmittedWhenEmpty { package static var emptyValue: Int32 { 0 } }
extension Int64: OmittedWhenEmpty { package static var emptyValue: Int64 { 0 } }
extension Bool: OmittedWhenEmpty { package static var emptyValue: Bool { false } }
extension Array: OmittedWhenEmpty where Element: Codable & Equatable {
    package static var emptyValue: [Element] { [] }
}
extension Dictionary: OmittedWhenEmpty where Key == String, Value: Codable & Equatable {
    package static var emptyValue: [String: Value] { [:] }
}

/// A field the API omits when empty: a missing key or `null` decodes as the empty value,
/// and the empty value is left out when encoding, so models read like Go's
/// (`pod.metadata.name` is a `String`, never an optional) and round-trip as the API writes them.
@propertyWrapper
package struct OmitEmpty<Value: OmittedWhenEmpty>: Codable, Equatable {
    package var wrappedValue: Value

    package init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    package init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? .emptyValue : try container.decode(Value.self)
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

extension OmitEmpty: Sendable where Value: Sendable {}

extension KeyedDecodingContainer {
    // Synthesized Decodable calls this overload for `@OmitEmpty` fields; without it a
    // missing key would be an error instead of the empty value.
    package func decode<Value>(_ type: OmitEmpty<Value>.Type, forKey key: Key) throws -> OmitEmpty<Value> {
        try decodeIfPresent(type, forKey: key) ?? OmitEmpty(wrappedValue: .emptyValue)
    }
}

extension KeyedEncodingContainer {
    // Leaves empty values out, as the API server does, so encoded fixtures look like real responses.
    package mutating func encode<Value>(_ value: OmitEmpty<Value>, forKey key: Key) throws {
        if value.wrappedValue != .emptyValue {
            try encode(value.wrappedValue, forKey: key)
        }
    }
}
