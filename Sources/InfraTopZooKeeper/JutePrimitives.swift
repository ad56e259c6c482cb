import Foundation
import NIOCore

// Jute's primitive encodings (zookeeper.jute, BinaryOutputArchive): big-endian integers, a boolean
// as one byte, and buffers, strings and vectors as an Int32 count followed by their contents,
// where a count of -1 means null.
//
// The readers run on one complete frame, so running out of bytes means the frame is malformed,
// never that more bytes are coming.

extension ByteBuffer {
    mutating func writeJuteInt(_ value: Int32) {
        writeInteger(value, endianness: .big)
    }

    mutating func writeJuteLong(_ value: Int64) {
        writeInteger(value, endianness: .big)
    }

    mutating func writeJuteBool(_ value: Bool) {
        writeInteger(value ? UInt8(1) : UInt8(0))
    }

    /// Writes a jute `buffer`; nil is written as length -1.
    mutating func writeJuteBuffer(_ bytes: [UInt8]?) {
        guard let bytes else {
            writeJuteInt(-1)
            return
        }
        writeJuteInt(Int32(bytes.count))
        writeBytes(bytes)
    }

    /// Writes a jute `ustring` as UTF-8.
    mutating func writeJuteString(_ string: String) {
        writeJuteBuffer(Array(string.utf8))
    }

    mutating func readJuteInt(_ field: String) throws(JuteDecodingError) -> Int32 {
        guard let value = readInteger(endianness: .big, as: Int32.self) else { throw .truncated(field: field) }
        return value
    }

    mutating func readJuteLong(_ field: String) throws(JuteDecodingError) -> Int64 {
        guard let value = readInteger(endianness: .big, as: Int64.self) else { throw .truncated(field: field) }
        return value
    }

    mutating func readJuteBool(_ field: String) throws(JuteDecodingError) -> Bool {
        guard let value = readInteger(as: UInt8.self) else { throw .truncated(field: field) }
        return value != 0
    }

    /// Reads a jute `buffer`; nil when the server wrote null.
    mutating func readJuteBuffer(_ field: String) throws(JuteDecodingError) -> [UInt8]? {
        let length = try readJuteInt("length of the \(field)")
        if length == -1 { return nil }
        // The length is checked against the bytes at hand before anything is allocated for it.
        guard length >= 0, Int(length) <= readableBytes, let bytes = readBytes(length: Int(length)) else {
            throw .invalidLength(field: field, length: length)
        }
        return bytes
    }

    /// Reads a jute `ustring`; nil when the server wrote null.
    mutating func readJuteString(_ field: String) throws(JuteDecodingError) -> String? {
        guard let bytes = try readJuteBuffer(field) else { return nil }
        guard let string = String(bytes: bytes, encoding: .utf8) else { throw .invalidUTF8(field: field) }
        return string
    }

    /// Reads a jute `vector<ustring>`; nil when the server wrote null.
    mutating func readJuteStringVector(_ field: String) throws(JuteDecodingError) -> [String]? {
        let count = try readJuteInt("count of the \(field)")
        if count == -1 { return nil }
        // Every element takes at least its 4-byte length, which bounds an honest count by the frame.
        guard count >= 0, Int(count) <= readableBytes / 4 else {
            throw .invalidLength(field: field, length: count)
        }
        var strings: [String] = []
        strings.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let string = try readJuteString("element of the \(field)") else {
                throw .invalidLength(field: "element of the \(field)", length: -1)
            }
            strings.append(string)
        }
        return strings
    }

    /// Fails when a decoded frame has bytes left over, which means we misread its layout.
    func expectJuteEnd() throws(JuteDecodingError) {
        guard readableBytes == 0 else { throw .trailingBytes(count: readableBytes) }
    }
}
