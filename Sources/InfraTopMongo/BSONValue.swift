import Foundation

/// One BSON value, of the kinds the monitor reads and writes (bsonspec.org, version 1.1).
///
/// Types outside this set (decimal128, regular expressions, JavaScript, min/max key …) are skipped
/// by their length when the decoder meets them; see ``BSONDecoder``.
package enum BSONValue: Sendable, Hashable {
    case double(Double)
    case string(String)
    case document(BSONDocument)
    case array([BSONValue])
    case binary(subtype: UInt8, bytes: [UInt8])
    case objectID(BSONObjectID)
    case bool(Bool)
    /// Milliseconds since the Unix epoch, UTC.
    case date(Int64)
    case null
    case int32(Int32)
    case timestamp(BSONTimestamp)
    case int64(Int64)

    /// The element type byte this value is written with.
    package var typeByte: UInt8 {
        switch self {
        case .double: 0x01
        case .string: 0x02
        case .document: 0x03
        case .array: 0x04
        case .binary: 0x05
        case .objectID: 0x07
        case .bool: 0x08
        case .date: 0x09
        case .null: 0x0A
        case .int32: 0x10
        case .timestamp: 0x11
        case .int64: 0x12
        }
    }

    // MARK: - Reading values whose type the server chooses

    /// The value as a whole number: int32 and int64 as they are, a double only when it holds one
    /// exactly (mongod writes some counters as doubles). Nil for anything else.
    package var integer: Int? {
        switch self {
        case .int32(let value): return Int(value)
        case .int64(let value): return Int(exactly: value)
        case .double(let value): return Int(exactly: value)
        default: return nil
        }
    }

    /// The value as a double: any of the three number types. Nil for anything else.
    package var number: Double? {
        switch self {
        case .int32(let value): return Double(value)
        case .int64(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    package var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    package var document: BSONDocument? {
        if case .document(let value) = self { return value }
        return nil
    }

    package var array: [BSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// A bool as it is; a number as true when it is not zero (mongod writes `ok: 1.0`, `health: 1`).
    package var truth: Bool? {
        switch self {
        case .bool(let value): return value
        case .int32, .int64, .double: return number.map { $0 != 0 }
        default: return nil
        }
    }

    /// A BSON date as a `Date`.
    package var date: Date? {
        if case .date(let milliseconds) = self { return Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
        return nil
    }

    package var binary: [UInt8]? {
        if case .binary(_, let bytes) = self { return bytes }
        return nil
    }
}

/// A BSON ObjectId: 12 bytes.
package struct BSONObjectID: Sendable, Hashable, CustomStringConvertible {
    package var bytes: [UInt8]

    /// Nil unless `bytes` holds exactly 12 bytes.
    package init?(bytes: [UInt8]) {
        guard bytes.count == 12 else { return nil }
        self.bytes = bytes
    }

    /// The 24 lowercase hex digits mongosh prints.
    package var description: String { bytes.map { String(format: "%02x", $0) }.joined() }
}

/// A BSON timestamp: MongoDB's replication clock, seconds and an ordinal within the second.
package struct BSONTimestamp: Sendable, Hashable, Comparable {
    /// Seconds since the Unix epoch (the high 32 bits on the wire).
    package var seconds: UInt32
    /// Which operation within that second (the low 32 bits).
    package var increment: UInt32

    package init(seconds: UInt32, increment: UInt32) {
        self.seconds = seconds
        self.increment = increment
    }

    package static func < (lhs: BSONTimestamp, rhs: BSONTimestamp) -> Bool {
        (lhs.seconds, lhs.increment) < (rhs.seconds, rhs.increment)
    }
}

/// One key and its value inside a document.
package struct BSONElement: Sendable, Hashable {
    package var key: String
    package var value: BSONValue

    package init(key: String, value: BSONValue) {
        self.key = key
        self.value = value
    }
}

/// A BSON document: keys in the order they were written (MongoDB reads the first key as the
/// command's name, so order matters), duplicates allowed as on the wire.
package struct BSONDocument: Sendable, Hashable, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    package var elements: [BSONElement]

    package init(_ elements: [BSONElement] = []) {
        self.elements = elements
    }

    package init(dictionaryLiteral elements: (String, BSONValue)...) {
        self.elements = elements.map { BSONElement(key: $0.0, value: $0.1) }
    }

    /// The first value under `key`; nil when there is none.
    package subscript(key: String) -> BSONValue? {
        elements.first { $0.key == key }?.value
    }

    /// The value at a path of keys through nested documents: `["wiredTiger", "cache", "maximum bytes configured"]`.
    package subscript(path path: String...) -> BSONValue? {
        value(at: path)
    }

    package func value(at path: [String]) -> BSONValue? {
        guard let first = path.first else { return nil }
        var value = self[first]
        for key in path.dropFirst() {
            value = value?.document?[key]
        }
        return value
    }

    package var keys: [String] { elements.map(\.key) }
    package var isEmpty: Bool { elements.isEmpty }

    /// Adds `value` under `key` at the end.
    package mutating func append(_ key: String, _ value: BSONValue) {
        elements.append(BSONElement(key: key, value: value))
    }

    /// Extended-JSON-like text for logs and test failures (never used for secrets: commands that
    /// carry a SCRAM payload hold it as binary, which prints only its length).
    package var description: String {
        "{" + elements.map { "\"\($0.key)\": \(Self.describe($0.value))" }.joined(separator: ", ") + "}"
    }

    private static func describe(_ value: BSONValue) -> String {
        switch value {
        case .double(let value): return String(value)
        case .string(let value): return "\"\(value)\""
        case .document(let document): return document.description
        case .array(let values): return "[" + values.map(describe).joined(separator: ", ") + "]"
        case .binary(let subtype, let bytes): return "Binary(subtype \(subtype), \(bytes.count) bytes)"
        case .objectID(let id): return "ObjectId(\"\(id)\")"
        case .bool(let value): return String(value)
        case .date(let milliseconds): return "Date(\(milliseconds))"
        case .null: return "null"
        case .int32(let value): return String(value)
        case .timestamp(let ts): return "Timestamp(\(ts.seconds), \(ts.increment))"
        case .int64(let value): return "NumberLong(\(value))"
        }
    }
}
