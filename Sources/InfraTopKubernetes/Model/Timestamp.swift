import Foundation

/// A `metav1.Time` field: RFC 3339 to the second, `null` or absent when unset.
///
/// A value that is not a valid timestamp decodes as nil instead of failing the whole
/// object: one odd field must not hide a pod from the dashboard.
@propertyWrapper
package struct Timestamp: Codable, Sendable, Equatable, Hashable {
    package var wrappedValue: Date?

    package init(wrappedValue: Date?) {
        self.wrappedValue = wrappedValue
    }

    package init(from decoder: Decoder) throws {
        wrappedValue = decodeTimestamp(from: decoder)
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let date = wrappedValue {
            try container.encode(RFC3339.string(from: date))
        } else {
            try container.encodeNil()
        }
    }
}

/// A `metav1.MicroTime` field (`eventTime`, `series.lastObservedTime`): RFC 3339 with
/// microseconds. Decoding is as tolerant as ``Timestamp``.
@propertyWrapper
package struct MicroTimestamp: Codable, Sendable, Equatable, Hashable {
    package var wrappedValue: Date?

    package init(wrappedValue: Date?) {
        self.wrappedValue = wrappedValue
    }

    package init(from decoder: Decoder) throws {
        wrappedValue = decodeTimestamp(from: decoder)
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let date = wrappedValue {
            try container.encode(RFC3339.string(from: date, fractionalDigits: 6))
        } else {
            try container.encodeNil()
        }
    }
}

private func decodeTimestamp(from decoder: Decoder) -> Date? {
    guard let container = try? decoder.singleValueContainer(), !container.decodeNil(),
          let text = try? container.decode(String.self)
    else { return nil }
    return RFC3339.date(from: text)
}

extension KeyedDecodingContainer {
    // Called by synthesized Decodable so that a missing key is nil rather than an error.
    package func decode(_ type: Timestamp.Type, forKey key: Key) throws -> Timestamp {
        try decodeIfPresent(type, forKey: key) ?? Timestamp(wrappedValue: nil)
    }

    package func decode(_ type: MicroTimestamp.Type, forKey key: Key) throws -> MicroTimestamp {
        try decodeIfPresent(type, forKey: key) ?? MicroTimestamp(wrappedValue: nil)
    }
}

extension KeyedEncodingContainer {
    // The API leaves unset timestamps out (or writes null); leaving them out keeps fixtures small.
    package mutating func encode(_ value: Timestamp, forKey key: Key) throws {
        if value.wrappedValue != nil { try encode(value.wrappedValue.map { RFC3339.string(from: $0) }, forKey: key) }
    }

    package mutating func encode(_ value: MicroTimestamp, forKey key: Key) throws {
        if value.wrappedValue != nil {
            try encode(value.wrappedValue.map { RFC3339.string(from: $0, fractionalDigits: 6) }, forKey: key)
        }
    }
}
