import NIOCore
import Testing
@testable import InfraTopMongo

/// `"16 00 00 00 02 ..."` (spaces and line breaks ignored) as bytes.
func hexBytes(_ text: String) -> [UInt8] {
    let digits = Array(text.filter(\.isHexDigit))
    precondition(digits.count.isMultiple(of: 2), "odd number of hex digits")
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

/// Byte vectors from bsonspec.org's examples and the BSON corpus of MongoDB's specifications
/// (`source/bson-corpus`), each with the document it must decode to.
private let vectors: [(name: String, hex: String, document: BSONDocument)] = [
    // bsonspec.org, "What does BSON look like?"
    ("hello world", "16 00 00 00 02 68 65 6C 6C 6F 00 06 00 00 00 77 6F 72 6C 64 00 00", ["hello": .string("world")]),
    ("awesome array",
     "31 00 00 00 04 42 53 4F 4E 00 26 00 00 00 02 30 00 08 00 00 00 61 77 65 73 6F 6D 65 00 01 31 00 33 33 33 33 33 33 14 40 10 32 00 C2 07 00 00 00 00",
     ["BSON": .array([.string("awesome"), .double(5.05), .int32(1986)])]),
    ("empty document", "05 00 00 00 00", [:]),
    ("double 1.0", "10 00 00 00 01 64 00 00 00 00 00 00 00 F0 3F 00", ["d": .double(1.0)]),
    ("empty string", "0D 00 00 00 02 61 00 01 00 00 00 00 00", ["a": .string("")]),
    ("embedded empty document", "0D 00 00 00 03 78 00 05 00 00 00 00 00", ["x": .document([:])]),
    ("binary", "0F 00 00 00 05 78 00 02 00 00 00 00 FF FF 00", ["x": .binary(subtype: 0, bytes: [0xFF, 0xFF])]),
    ("ObjectId", "14 00 00 00 07 61 00 56 E1 FC 72 E0 C9 17 E9 C4 71 41 61 00",
     ["a": .objectID(BSONObjectID(bytes: hexBytes("56E1FC72E0C917E9C4714161"))!)]),
    ("true", "09 00 00 00 08 62 00 01 00", ["b": .bool(true)]),
    ("false", "09 00 00 00 08 62 00 00 00", ["b": .bool(false)]),
    ("date 2012-12-24T12:15:30.501Z", "10 00 00 00 09 61 00 C5 D8 D6 CC 3B 01 00 00 00", ["a": .date(1_356_351_330_501)]),
    ("null", "08 00 00 00 0A 61 00 00", ["a": .null]),
    ("int32 minimum", "0C 00 00 00 10 69 00 00 00 00 80 00", ["i": .int32(.min)]),
    ("timestamp t=123456789 i=42", "10 00 00 00 11 61 00 2A 00 00 00 15 CD 5B 07 00",
     ["a": .timestamp(BSONTimestamp(seconds: 123_456_789, increment: 42))]),
    ("int64 1", "10 00 00 00 12 61 00 01 00 00 00 00 00 00 00 00", ["a": .int64(1)]),
]

/// Types infratop skips by their length: each vector is the corpus's document, the skipped value
/// followed by `"z": int32 7` so the test sees decoding carry on after it.
private let skipped: [(name: String, element: String)] = [
    ("undefined", "06 61 00"),
    ("regular expression /abc/im", "0B 61 00 61 62 63 00 69 6D 00"),
    ("DBPointer", "0C 61 00 02 00 00 00 62 00 56 E1 FC 72 E0 C9 17 E9 C4 71 41 61"),
    ("JavaScript code", "0D 61 00 01 00 00 00 00"),
    ("symbol", "0E 61 00 02 00 00 00 62 00"),
    ("code with scope", "0F 61 00 0E 00 00 00 01 00 00 00 00 05 00 00 00 00"),
    ("decimal128 NaN", "13 64 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 7C"),
    ("min key", "FF 61 00"),
    ("max key", "7F 61 00"),
]

/// Wraps element bytes into a document with the right length.
private func document(_ elementsHex: String) -> [UInt8] {
    let elements = hexBytes(elementsHex)
    let length = Int32(4 + elements.count + 1)
    return withUnsafeBytes(of: length.littleEndian, Array.init) + elements + [0]
}

private func decodeError(_ bytes: [UInt8], limits: BSONLimits = .default) -> BSONError? {
    do {
        _ = try BSONDecoder(limits: limits).decodeDocument(bytes)
        return nil
    } catch {
        return error
    }
}

@Suite struct MongoBSONTests {
    @Test(arguments: vectors.indices)
    func decodesSpecVector(_ index: Int) throws {
        let vector = vectors[index]
        #expect(try BSONDecoder().decodeDocument(hexBytes(vector.hex)) == vector.document, "\(vector.name)")
    }

    @Test(arguments: vectors.indices)
    func encodesSpecVectorByteForByte(_ index: Int) throws {
        let vector = vectors[index]
        let encoded = try BSONEncoder.encode(vector.document)
        #expect(Array(encoded.readableBytesView) == hexBytes(vector.hex), "\(vector.name)")
    }

    @Test(arguments: skipped.indices)
    func skipsTypesItDoesNotReadByTheirLength(_ index: Int) throws {
        let vector = skipped[index]
        let bytes = document(vector.element + " 10 7A 00 07 00 00 00")
        #expect(try BSONDecoder().decodeDocument(bytes) == ["z": .int32(7)], "\(vector.name)")
    }

    @Test func readsNumbersWhateverTypeTheServerChose() {
        #expect(BSONValue.int32(7).integer == 7)
        #expect(BSONValue.int64(1 << 40).integer == 1 << 40)
        #expect(BSONValue.double(42).integer == 42)
        #expect(BSONValue.double(0.5).integer == nil)
        #expect(BSONValue.double(.nan).integer == nil)
        #expect(BSONValue.double(1e300).integer == nil)
        #expect(BSONValue.string("7").integer == nil)
        #expect(BSONValue.int32(1).truth == true)
        #expect(BSONValue.double(0).truth == false)
        #expect(BSONValue.null.truth == nil)
    }

    @Test func findsValuesByPath() throws {
        let status: BSONDocument = ["wiredTiger": .document(["cache": .document(["maximum bytes configured": .int64(268_435_456)])])]
        #expect(status[path: "wiredTiger", "cache", "maximum bytes configured"] == .int64(268_435_456))
        #expect(status[path: "wiredTiger", "nothing", "maximum bytes configured"] == nil)
        #expect(status[path: "wiredTiger", "cache"]?.document?.keys == ["maximum bytes configured"])
    }

    // MARK: - Refused input (the corpus's decodeErrors and our limits)

    @Test func declaredLengthBeyondTheBytesIsTruncated() {
        // Corpus: "Stated length exceeds byte count, with truncated document".
        #expect(decodeError(hexBytes("12 00 00 00 02 66 6F 6F 00 04 00 00 00 62 61 72")) == BSONError(.truncated(declared: 18, available: 16)))
        #expect(decodeError(hexBytes("05 00 00")) == BSONError(.truncated(declared: 4, available: 3)))
        #expect(decodeError([]) == BSONError(.truncated(declared: 4, available: 0)))
    }

    @Test func lengthBelowFiveIsImpossible() {
        #expect(decodeError(hexBytes("04 00 00 00 00")) == BSONError(.invalidLength(4)))
        #expect(decodeError(hexBytes("FF FF FF FF 00")) == BSONError(.invalidLength(-1)))
    }

    @Test func bytesAfterTheDocumentAreRefused() {
        // Corpus: "Stated length less than byte count, with garbage after envelope".
        #expect(decodeError(hexBytes("12 00 00 00 02 66 6F 6F 00 04 00 00 00 62 61 72 00 00 DE AD BE EF"))
                == BSONError(.trailingBytes(4)))
    }

    @Test func documentMustEndWithNUL() {
        // Corpus: "Invalid document termination".
        #expect(decodeError(hexBytes("12 00 00 00 02 66 6F 6F 00 04 00 00 00 62 61 72 00 01")) == BSONError(.missingTerminator))
    }

    @Test func terminatorBeforeTheDeclaredEndIsALengthMismatch() {
        // {"a": null} declared as 10 bytes: its elements end two bytes early.
        #expect(decodeError(hexBytes("0A 00 00 00 0A 61 00 00 00 00")) == BSONError(.lengthMismatch(declared: 10, used: 8)))
    }

    @Test func stringLengthsAreChecked() {
        // Corpus string decodeErrors: length 0, length -1, a length that eats the terminator, no NUL.
        #expect(decodeError(hexBytes("0C 00 00 00 02 61 00 00 00 00 00 00")) == BSONError(.invalidLength(0), path: ["a"]))
        #expect(decodeError(hexBytes("0C 00 00 00 02 61 00 FF FF FF FF 00")) == BSONError(.invalidLength(-1), path: ["a"]))
        #expect(decodeError(hexBytes("10 00 00 00 02 61 00 05 00 00 00 62 00 62 00 00")) == BSONError(.truncated(declared: 5, available: 4), path: ["a"]))
        #expect(decodeError(hexBytes("10 00 00 00 02 61 00 04 00 00 00 61 62 63 FF 00")) == BSONError(.missingTerminator, path: ["a"]))
    }

    @Test func keyWithoutNULIsRefused() {
        #expect(decodeError(hexBytes("08 00 00 00 0A 61 62 00")) == BSONError(.missingTerminator))
    }

    @Test func boolMustBeZeroOrOne() {
        #expect(decodeError(hexBytes("09 00 00 00 08 62 00 02 00")) == BSONError(.invalidBool(2), path: ["b"]))
    }

    @Test func unknownTypeIsAnErrorNamingItsKey() {
        let error = decodeError(document("03 6F 75 74 65 72 00" + "0C 00 00 00 14 69 6E 00 00 00 00 00"))
        #expect(error == BSONError(.unknownType(0x14), path: ["outer", "in"]))
        #expect(error?.description == "\"outer.in\" has BSON type 0x14, whose length cannot be known")
    }

    @Test func nestedValueCannotReachPastItsDocument() {
        // The inner document claims 20 bytes; its parent has 8 left for it.
        let error = decodeError(document("03 78 00 14 00 00 00 0A 61 00 00"))
        #expect(error == BSONError(.truncated(declared: 20, available: 8), path: ["x"]))
    }

    @Test func binaryLengthIsChecked() {
        #expect(decodeError(document("05 78 00 10 00 00 00 00 FF FF")) == BSONError(.truncated(declared: 16, available: 2), path: ["x"]))
        #expect(decodeError(document("05 78 00 FE FF FF FF 00")) == BSONError(.invalidLength(-2), path: ["x"]))
    }

    @Test func deepNestingStopsAtTheLimit() throws {
        func nested(_ depth: Int) throws -> [UInt8] {
            var document: BSONDocument = [:]
            for _ in 1..<depth { document = ["a": .document(document)] }
            return Array(try BSONEncoder.encode(document).readableBytesView)
        }
        // 64 levels (the outer document is the first) decode; 65 do not.
        #expect(decodeError(try nested(64)) == nil)
        let error = try #require(decodeError(try nested(65)))
        #expect(error.kind == .tooDeep(limit: 64))
        #expect(error.path.count == 64)
        // Arrays nest too.
        var array = BSONValue.array([])
        for _ in 0..<100 { array = .array([array]) }
        let deepArray = Array(try BSONEncoder.encode(["a": array]).readableBytesView)
        #expect(decodeError(deepArray)?.kind == .tooDeep(limit: 64))
    }

    @Test func documentsAboveTheSizeLimitAreRefusedBeforeReading() {
        let limits = BSONLimits(maxDocumentSize: 32)
        // The declared length alone decides: the bytes need not be there.
        #expect(decodeError(hexBytes("00 00 00 01"), limits: limits) == BSONError(.tooLarge(16_777_216, limit: 32)))
        #expect(decodeError(hexBytes("FF FF FF 7F"), limits: .default) == BSONError(.tooLarge(Int(Int32.max), limit: 16 * 1024 * 1024 + 16 * 1024)))
    }

    @Test func elementCountIsCapped() {
        let bytes = document("0A 61 00 0A 62 00 0A 63 00 0A 64 00")
        #expect(decodeError(bytes, limits: BSONLimits(maxElements: 4)) == nil)
        #expect(decodeError(bytes, limits: BSONLimits(maxElements: 3)) == BSONError(.tooManyElements(limit: 3)))
    }

    @Test func truncatedFixedWidthValues() {
        #expect(decodeError(document("12 61 00 01 00 00 00")) == BSONError(.truncated(declared: 8, available: 4), path: ["a"]))
        #expect(decodeError(document("07 61 00 01 02 03")) == BSONError(.truncated(declared: 12, available: 3), path: ["a"]))
        #expect(decodeError(document("13 64 00 00 00")) == BSONError(.truncated(declared: 16, available: 2), path: ["d"]))
    }

    @Test func encoderRefusesKeysWithNUL() {
        #expect(throws: BSONError(.invalidKey, path: ["a\0b"])) { try BSONEncoder.encode(["a\0b": .null]) }
    }
}
