import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopRedis

/// Byte vectors written from the RESP2 and RESP3 specifications, with the value each must decode to.
private let vectors: [(name: String, bytes: String, value: RESPValue)] = [
    ("simple string", "+OK\r\n", .simpleString("OK")),
    ("empty simple string", "+\r\n", .simpleString("")),
    ("simple error", "-ERR unknown command 'FOO'\r\n", .error("ERR unknown command 'FOO'")),
    ("integer", ":1000\r\n", .integer(1000)),
    ("negative integer", ":-42\r\n", .integer(-42)),
    ("largest integer", ":9223372036854775807\r\n", .integer(.max)),
    ("bulk string", "$5\r\nhello\r\n", .bulkString(ByteBuffer(string: "hello"))),
    ("empty bulk string", "$0\r\n\r\n", .bulkString(ByteBuffer())),
    ("bulk string holding CRLF", "$4\r\na\r\nb\r\n", .bulkString(ByteBuffer(string: "a\r\nb"))),
    ("null bulk string", "$-1\r\n", .bulkString(nil)),
    ("array", "*2\r\n$3\r\nfoo\r\n:1\r\n", .array([.bulkString(ByteBuffer(string: "foo")), .integer(1)])),
    ("empty array", "*0\r\n", .array([])),
    ("null array", "*-1\r\n", .array(nil)),
    ("nested array", "*2\r\n*1\r\n+a\r\n-ERR x\r\n", .array([.array([.simpleString("a")]), .error("ERR x")])),
    ("array with null element", "*3\r\n:1\r\n$-1\r\n:2\r\n", .array([.integer(1), .bulkString(nil), .integer(2)])),
    ("null", "_\r\n", .null),
    ("true", "#t\r\n", .boolean(true)),
    ("false", "#f\r\n", .boolean(false)),
    ("double", ",3.14\r\n", .double(3.14)),
    ("double without fraction", ",10\r\n", .double(10)),
    ("double with exponent", ",1.5e3\r\n", .double(1500)),
    ("negative double", ",-0.5\r\n", .double(-0.5)),
    ("infinity", ",inf\r\n", .double(.infinity)),
    ("negative infinity", ",-inf\r\n", .double(-.infinity)),
    ("big number", "(3492890328409238509324850943850943825024385\r\n", .bigNumber("3492890328409238509324850943850943825024385")),
    ("negative big number", "(-3492890328409238509324850943850943825024385\r\n", .bigNumber("-3492890328409238509324850943850943825024385")),
    ("bulk error", "!21\r\nSYNTAX invalid syntax\r\n", .bulkError("SYNTAX invalid syntax")),
    ("verbatim text", "=15\r\ntxt:Some string\r\n", .verbatimString(format: "txt", text: "Some string")),
    ("verbatim markdown", "=8\r\nmkd:# hi\r\n", .verbatimString(format: "mkd", text: "# hi")),
    ("empty verbatim", "=4\r\ntxt:\r\n", .verbatimString(format: "txt", text: "")),
    ("map", "%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n", .map([
        RESPPair(key: .simpleString("first"), value: .integer(1)),
        RESPPair(key: .simpleString("second"), value: .integer(2)),
    ])),
    ("empty map", "%0\r\n", .map([])),
    ("set", "~3\r\n+orange\r\n+apple\r\n#t\r\n", .set([.simpleString("orange"), .simpleString("apple"), .boolean(true)])),
    ("attribute", "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n",
     .attribute(
        [RESPPair(key: .simpleString("key-popularity"), value: .map([
            RESPPair(key: .bulkString(ByteBuffer(string: "a")), value: .double(0.1923)),
            RESPPair(key: .bulkString(ByteBuffer(string: "b")), value: .double(0.0012)),
        ]))],
        .array([.integer(2039123), .integer(9543892)]))),
    ("push", ">2\r\n+invalidate\r\n*1\r\n$3\r\nfoo\r\n", .push([.simpleString("invalidate"), .array([.bulkString(ByteBuffer(string: "foo"))])])),
    ("HELLO 3 reply shape", "%2\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:3\r\n", .map([
        RESPPair(key: .bulkString(ByteBuffer(string: "server")), value: .bulkString(ByteBuffer(string: "redis"))),
        RESPPair(key: .bulkString(ByteBuffer(string: "proto")), value: .integer(3)),
    ])),
]

@Suite struct RedisRESPDecoderTests {
    let decoder = RESPDecoder()

    @Test(arguments: vectors.map(\.name))
    func decodesWholeValue(name: String) throws {
        let vector = try #require(vectors.first { $0.name == name })
        var buffer = ByteBuffer(string: vector.bytes)
        #expect(try decoder.decode(&buffer) == vector.value)
        #expect(buffer.readableBytes == 0)
    }

    @Test(arguments: vectors.map(\.name))
    func decodesValueSplitAtEveryByte(name: String) throws {
        let vector = try #require(vectors.first { $0.name == name })
        let bytes = Array(vector.bytes.utf8)
        for split in 1..<bytes.count {
            var buffer = ByteBuffer(bytes: bytes[..<split])
            #expect(try decoder.decode(&buffer) == nil, "prefix of \(split) bytes")
            #expect(buffer.readableBytes == split, "an incomplete value consumes nothing")
            buffer.writeBytes(bytes[split...])
            #expect(try decoder.decode(&buffer) == vector.value, "split after \(split) bytes")
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test(arguments: vectors.map(\.name))
    func encodesValueThatDecodesBackToItself(name: String) throws {
        let vector = try #require(vectors.first { $0.name == name })
        var buffer = ByteBuffer()
        let written = buffer.writeRESPValue(vector.value)
        #expect(written == buffer.readableBytes)
        #expect(try decoder.decode(&buffer) == vector.value)
        #expect(buffer.readableBytes == 0)
    }

    @Test func encodesExactBytesFromTheSpecification() {
        let exact: [RESPValue] = [
            .simpleString("OK"), .error("ERR x"), .integer(-42), .bulkString(ByteBuffer(string: "a\r\nb")), .bulkString(nil),
            .array([.integer(1), .bulkString(nil)]), .array(nil), .null, .boolean(true), .double(.infinity), .double(-.infinity),
            .double(3.14), .bigNumber("-12345678901234567890"), .bulkError("SYNTAX invalid syntax"),
            .verbatimString(format: "txt", text: "Some string"), .map([RESPPair(key: .simpleString("first"), value: .integer(1))]),
            .set([.simpleString("a")]), .attribute([RESPPair(key: .simpleString("ttl"), value: .integer(5))], .simpleString("v")),
            .push([.simpleString("invalidate")]),
        ]
        var buffer = ByteBuffer()
        for value in exact { buffer.writeRESPValue(value) }
        #expect(String(buffer: buffer) == "+OK\r\n-ERR x\r\n:-42\r\n$4\r\na\r\nb\r\n$-1\r\n*2\r\n:1\r\n$-1\r\n*-1\r\n_\r\n#t\r\n,inf\r\n,-inf\r\n"
            + ",3.14\r\n(-12345678901234567890\r\n!21\r\nSYNTAX invalid syntax\r\n=15\r\ntxt:Some string\r\n%1\r\n+first\r\n:1\r\n"
            + "~1\r\n+a\r\n|1\r\n+ttl\r\n:5\r\n+v\r\n>1\r\n+invalidate\r\n")
        var nan = ByteBuffer()
        nan.writeRESPValue(.double(.nan))
        #expect(String(buffer: nan) == ",nan\r\n")
    }

    @Test func decodesNaN() throws {
        var buffer = ByteBuffer(string: ",nan\r\n")
        let value = try #require(try decoder.decode(&buffer))
        guard case .double(let double) = value else {
            Issue.record("expected a double, got \(value)")
            return
        }
        #expect(double.isNaN)
    }

    @Test func decodesBackToBackValuesOneAtATime() throws {
        var buffer = ByteBuffer(string: "+OK\r\n:7\r\n$2\r\nhi\r\n:8")
        #expect(try decoder.decode(&buffer) == .simpleString("OK"))
        #expect(try decoder.decode(&buffer) == .integer(7))
        #expect(try decoder.decode(&buffer) == .bulkString(ByteBuffer(string: "hi")))
        #expect(try decoder.decode(&buffer) == nil)
        #expect(buffer.readableBytes == 2)
    }

    @Test func decodesEmptyBufferAsIncomplete() throws {
        var buffer = ByteBuffer()
        #expect(try decoder.decode(&buffer) == nil)
    }

    @Test(arguments: [
        ("?foo\r\n", RESPError.unknownType(0x3F)),
        ("hello\r\n", RESPError.unknownType(UInt8(ascii: "h"))),
        ("\r\n", RESPError.unknownType(0x0D)),
        (":abc\r\n", RESPError.invalidInteger("abc")),
        (":\r\n", RESPError.invalidInteger("")),
        (":99999999999999999999\r\n", RESPError.invalidInteger("99999999999999999999")),
        ("$abc\r\n", RESPError.invalidInteger("abc")),
        ("$3\r\nfooX\r\n", RESPError.missingCRLF),
        ("+OK\rX", RESPError.missingCRLF),
        ("_x\r\n", RESPError.missingCRLF),
        ("#x\r\n", RESPError.invalidBoolean("x")),
        ("#tt\r\n", RESPError.invalidBoolean("tt")),
        (",1.2.3\r\n", RESPError.invalidDouble("1.2.3")),
        (",0x1p3\r\n", RESPError.invalidDouble("0x1p3")),
        (",infinity\r\n", RESPError.invalidDouble("infinity")),
        (",\r\n", RESPError.invalidDouble("")),
        ("(12a\r\n", RESPError.invalidBigNumber("12a")),
        ("(--1\r\n", RESPError.invalidBigNumber("--1")),
        ("=3\r\ntxt\r\n", RESPError.invalidVerbatimString),
        ("=5\r\ntxtxx\r\n", RESPError.invalidVerbatimString),
        ("$-2\r\n", RESPError.invalidLength(-2)),
        ("*-2\r\n", RESPError.invalidLength(-2)),
        ("!-1\r\n", RESPError.invalidLength(-1)),
        ("%-1\r\n", RESPError.invalidLength(-1)),
        ("~-1\r\n", RESPError.invalidLength(-1)),
        ("*2\r\n:1\r\n?\r\n", RESPError.unknownType(0x3F)),
    ])
    func rejectsGarbage(bytes: String, error: RESPError) {
        var buffer = ByteBuffer(string: bytes)
        #expect(throws: error) { try decoder.decode(&buffer) }
    }

    @Test(arguments: [
        ("$9999999999\r\n", RESPError.bulkTooLong(declared: 9_999_999_999, limit: 64 * 1024 * 1024)),
        ("$67108865\r\n", RESPError.bulkTooLong(declared: 67_108_865, limit: 64 * 1024 * 1024)),
        ("!9223372036854775807\r\n", RESPError.bulkTooLong(declared: .max, limit: 64 * 1024 * 1024)),
        ("=4294967296\r\n", RESPError.bulkTooLong(declared: 4_294_967_296, limit: 64 * 1024 * 1024)),
        ("*4294967296\r\n", RESPError.tooManyElements(declared: 4_294_967_296, limit: 1 << 20)),
        ("%1048577\r\n", RESPError.tooManyElements(declared: 1_048_577, limit: 1 << 20)),
        ("~9223372036854775807\r\n", RESPError.tooManyElements(declared: .max, limit: 1 << 20)),
        (">2000000\r\n", RESPError.tooManyElements(declared: 2_000_000, limit: 1 << 20)),
        ("|2000000\r\n", RESPError.tooManyElements(declared: 2_000_000, limit: 1 << 20)),
    ])
    func rejectsHugeDeclarationsBeforeTheirBytesArrive(bytes: String, error: RESPError) {
        // Only the header is here: the error must come from the declared size alone.
        var buffer = ByteBuffer(string: bytes)
        #expect(throws: error) { try decoder.decode(&buffer) }
    }

    @Test func acceptsBulkAtTheLimitAndRejectsOneByteMore() throws {
        let small = RESPDecoder(limits: RESPLimits(maxBulkLength: 4))
        var atLimit = ByteBuffer(string: "$4\r\nhell\r\n")
        #expect(try small.decode(&atLimit) == .bulkString(ByteBuffer(string: "hell")))
        var overLimit = ByteBuffer(string: "$5\r\nhello\r\n")
        #expect(throws: RESPError.bulkTooLong(declared: 5, limit: 4)) { try small.decode(&overLimit) }
    }

    @Test func acceptsAggregateAtTheLimitAndRejectsOneMore() throws {
        let small = RESPDecoder(limits: RESPLimits(maxAggregateCount: 2))
        var atLimit = ByteBuffer(string: "*2\r\n:1\r\n:2\r\n")
        #expect(try small.decode(&atLimit) == .array([.integer(1), .integer(2)]))
        var overLimit = ByteBuffer(string: "*3\r\n")
        #expect(throws: RESPError.tooManyElements(declared: 3, limit: 2)) { try small.decode(&overLimit) }
    }

    @Test func capsLineLengthWithoutCRLF() throws {
        let small = RESPDecoder(limits: RESPLimits(maxLineLength: 8))
        var atLimit = ByteBuffer(string: "+aaaaaaaa")
        #expect(try small.decode(&atLimit) == nil)
        atLimit.writeString("\r\n")
        #expect(try small.decode(&atLimit) == .simpleString("aaaaaaaa"))
        var overLimit = ByteBuffer(string: "+aaaaaaaaa")
        #expect(throws: RESPError.lineTooLong(limit: 8)) { try small.decode(&overLimit) }
    }

    @Test func capsNestingDepth() throws {
        let shallow = RESPDecoder(limits: RESPLimits(maxDepth: 2))
        var twoLevels = ByteBuffer(string: "*1\r\n*1\r\n:1\r\n")
        #expect(try shallow.decode(&twoLevels) == .array([.array([.integer(1)])]))
        var threeLevels = ByteBuffer(string: "*1\r\n%1\r\n+k\r\n*1\r\n:1\r\n")
        #expect(throws: RESPError.nestingTooDeep(limit: 2)) { try shallow.decode(&threeLevels) }
    }

    @Test func capsDefaultDepthEvenBeforeTheValueIsComplete() {
        var deep = ByteBuffer(string: String(repeating: "*1\r\n", count: 33))
        #expect(throws: RESPError.nestingTooDeep(limit: 32)) { try decoder.decode(&deep) }
        var thousand = ByteBuffer(string: String(repeating: "~1\r\n", count: 1000))
        #expect(throws: RESPError.nestingTooDeep(limit: 32)) { try decoder.decode(&thousand) }
    }

    @Test func decodesThirtyTwoLevels() throws {
        var deep = ByteBuffer(string: String(repeating: "*1\r\n", count: 32) + ":1\r\n")
        var expected = RESPValue.integer(1)
        for _ in 0..<32 { expected = .array([expected]) }
        #expect(try decoder.decode(&deep) == expected)
    }

    @Test func describesErrorsAsSentences() {
        #expect(RESPError.unknownType(0x3F).description == "reply is not RESP: unexpected type byte 0x3F")
        #expect(RESPError.bulkTooLong(declared: 9_999_999_999, limit: 67_108_864).description
            == "reply declares 9999999999 bytes, more than the 67108864-byte limit")
        #expect(RESPError.nestingTooDeep(limit: 32).description == "reply nests deeper than 32 levels")
    }
}
