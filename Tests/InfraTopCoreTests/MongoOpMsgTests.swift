import NIOCore
import NIOEmbedded
import Testing
@testable import InfraTopBasics
@testable import InfraTopMongo

/// OP_MSG written by hand from MongoDB's wire protocol specification: the standard header
/// (messageLength, requestID, responseTo, opCode 2013 = DD 07), flagBits, then sections.
private let pingRequest = """
    33 00 00 00  01 00 00 00  00 00 00 00  DD 07 00 00
    00 00 00 00
    00
    1E 00 00 00  10 70 69 6E 67 00 01 00 00 00  02 24 64 62 00 06 00 00 00 61 64 6D 69 6E 00  00
    """

/// The reply {ok: 1.0} to request 1, as message 99.
private let okReply = """
    26 00 00 00  63 00 00 00  01 00 00 00  DD 07 00 00
    00 00 00 00
    00
    11 00 00 00  01 6F 6B 00 00 00 00 00 00 00 F0 3F  00
    """

/// {insert: "c", $db: "d"} with a kind-1 section "documents" of [{_id: 1}, {_id: 2}].
private let insertWithSequence = """
    5E 00 00 00  07 00 00 00  00 00 00 00  DD 07 00 00
    00 00 00 00
    00
    1E 00 00 00  02 69 6E 73 65 72 74 00 02 00 00 00 63 00  02 24 64 62 00 02 00 00 00 64 00  00
    01
    2A 00 00 00  64 6F 63 75 6D 65 6E 74 73 00
    0E 00 00 00  10 5F 69 64 00 01 00 00 00  00
    0E 00 00 00  10 5F 69 64 00 02 00 00 00  00
    """

/// `reply` with flags, opcode or trailing bytes changed and the length fixed up.
private func message(opCode: UInt16 = 2013, flags: UInt32 = 0, sections: String) -> [UInt8] {
    let body = withUnsafeBytes(of: flags.littleEndian, Array.init) + hexBytes(sections)
    let length = Int32(16 + body.count)
    return withUnsafeBytes(of: length.littleEndian, Array.init) + hexBytes("63 00 00 00 01 00 00 00")
        + withUnsafeBytes(of: Int32(opCode).littleEndian, Array.init) + body
}

private let okSection = "00 11 00 00 00 01 6F 6B 00 00 00 00 00 00 00 F0 3F 00"

private func decode(_ bytes: [UInt8]) -> Result<MongoMessage, MongoWireError> {
    Result { () throws(MongoWireError) -> MongoMessage in try MongoMessage.decode(ByteBuffer(bytes: bytes)) }
}

private func decodeError(_ bytes: [UInt8]) -> MongoWireError? {
    if case .failure(let error) = decode(bytes) { return error }
    return nil
}

@Suite struct MongoOpMsgTests {
    @Test func encodesACommandAsTheSpecificationLaysItOut() throws {
        var buffer = ByteBuffer()
        try MongoMessage(requestID: 1, message: OpMsg(body: MongoCommand("ping").body)).write(into: &buffer)
        #expect(Array(buffer.readableBytesView) == hexBytes(pingRequest))
    }

    @Test func decodesAReply() throws {
        let reply = try decode(hexBytes(okReply)).get()
        #expect(reply == MongoMessage(requestID: 99, responseTo: 1, message: OpMsg(body: ["ok": .double(1)])))
    }

    @Test func kindOneSectionsRoundTrip() throws {
        let decoded = try decode(hexBytes(insertWithSequence)).get()
        let expected = OpMsg(body: ["insert": .string("c"), "$db": .string("d")], sequences: [
            OpMsg.DocumentSequence(identifier: "documents", documents: [["_id": .int32(1)], ["_id": .int32(2)]]),
        ])
        #expect(decoded.message == expected)
        #expect(decoded.requestID == 7)
        var buffer = ByteBuffer()
        try MongoMessage(requestID: 7, message: expected).write(into: &buffer)
        #expect(Array(buffer.readableBytesView) == hexBytes(insertWithSequence))
    }

    @Test func checksumIsSetAside() throws {
        let reply = try decode(message(flags: 1, sections: okSection + " DE AD BE EF")).get()
        #expect(reply.message.body == ["ok": .double(1)])
        #expect(reply.message.flags == .checksumPresent)
        // With the flag but no room for the checksum, the body's last bytes would be taken for it.
        #expect(decodeError(message(flags: 1, sections: okSection)) != nil)
    }

    @Test func unknownRequiredFlagBitsAreRefusedOptionalOnesIgnored() throws {
        #expect(decodeError(message(flags: 1 << 2, sections: okSection)) == .unknownRequiredFlags(4))
        #expect(decodeError(message(flags: 1 << 15, sections: okSection)) == .unknownRequiredFlags(1 << 15))
        #expect(try decode(message(flags: 1 << 17, sections: okSection)).get().message.body == ["ok": .double(1)])
    }

    @Test func otherOpcodesAreNamed() {
        #expect(decodeError(message(opCode: 1, sections: okSection)) == .legacyReply)
        #expect(decodeError(message(opCode: 2012, sections: okSection)) == .compressed)
        #expect(decodeError(message(opCode: 2004, sections: okSection)) == .unknownOpCode(2004))
        #expect(MongoWireError.legacyReply.description == "the reply is a legacy OP_REPLY, not OP_MSG (is this MongoDB 3.6 or later?)")
    }

    @Test func bodyMustAppearExactlyOnce() {
        #expect(decodeError(message(sections: "")) == .missingBody)
        #expect(decodeError(message(sections: okSection + okSection)) == .secondBody)
        #expect(decodeError(message(sections: "01 0E 00 00 00 64 6F 63 73 00 05 00 00 00 00")) == .missingBody)
    }

    @Test func unknownSectionKindIsRefused() {
        #expect(decodeError(message(sections: okSection + " 02 05 00 00 00 00")) == .unknownSectionKind(2))
    }

    @Test func sequenceSizeIsChecked() {
        // Claims 0x40 bytes; 10 follow.
        #expect(decodeError(message(sections: okSection + " 01 40 00 00 00 64 6F 63 73 00 05 00 00 00 00")) == .invalidSequenceSize(64))
        #expect(decodeError(message(sections: okSection + " 01 03 00 00 00")) == .invalidSequenceSize(3))
        // No NUL for the identifier within the section.
        #expect(decodeError(message(sections: okSection + " 01 08 00 00 00 64 6F 63 73")) == .invalidSequenceSize(8))
    }

    @Test func badBSONInsideIsNamed() {
        // {ok: true} with a bool byte of 7.
        let error = decodeError(message(sections: "00 0A 00 00 00 08 6F 6B 00 07 00"))
        #expect(error == .bson(BSONError(.invalidBool(7), path: ["ok"])))
        #expect(error?.description == "bad BSON: \"ok\" is a bool of byte 7, neither 0 nor 1")
        #expect(decodeError(message(sections: "00 FF 00 00 00 0A 6F 6B 00 00")) == .bson(BSONError(.truncated(declared: 255, available: 9))))
    }

    @Test func headerLengthMustMatchTheFrame() {
        var bytes = hexBytes(okReply)
        bytes[0] = 0x27
        #expect(decodeError(bytes) == .lengthMismatch(declared: 39, actual: 38))
        #expect(decodeError(Array(bytes.prefix(10))) == .truncatedHeader(10))
    }

    // MARK: - The frame decoder

    @Test func frameDecoderWaitsForWholeMessagesAndSplitsBackToBack() throws {
        let decoder = MongoMessageDecoder()
        let reply = hexBytes(okReply)
        var buffer = ByteBuffer(bytes: reply.prefix(20))
        #expect(try decoder.nextMessage(from: &buffer) == nil)
        #expect(buffer.readableBytes == 20)
        buffer.writeBytes(reply.dropFirst(20))
        buffer.writeBytes(reply)
        #expect(try decoder.nextMessage(from: &buffer)?.responseTo == 1)
        #expect(try decoder.nextMessage(from: &buffer)?.responseTo == 1)
        #expect(buffer.readableBytes == 0)
    }

    @Test func frameDecoderRefusesImpossibleAndHugeLengthsBeforeTheBytesArrive() {
        let decoder = MongoMessageDecoder()
        var short = ByteBuffer(bytes: hexBytes("0F 00 00 00"))
        #expect(throws: MongoWireError.invalidMessageLength(15)) { try decoder.nextMessage(from: &short) }
        var negative = ByteBuffer(bytes: hexBytes("00 00 00 80"))
        #expect(throws: MongoWireError.invalidMessageLength(Int(Int32.min))) { try decoder.nextMessage(from: &negative) }
        // 48,000,000 bytes (maxMessageSizeBytes) announced, only four present: refused at once.
        var huge = ByteBuffer(bytes: hexBytes("00 6C DC 02"))
        #expect(throws: MongoWireError.messageTooLarge(48_000_000, limit: 16 * 1024 * 1024 + 16 * 1024 + 64)) { try decoder.nextMessage(from: &huge) }
        // A reply a little over the BSON limit is still too large for one document.
        let limits = MongoLimits(bson: BSONLimits(maxDocumentSize: 100))
        var small = ByteBuffer(bytes: hexBytes("A5 00 00 00"))
        #expect(throws: MongoWireError.messageTooLarge(165, limit: 164)) { try MongoMessageDecoder(limits: limits).nextMessage(from: &small) }
    }

    // MARK: - Requests and replies on a channel

    private func makeChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(MongoMessageDecoder()))
        try channel.pipeline.syncOperations.addHandler(MongoRequestHandler())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 27017)).wait()
        return channel
    }

    private func send(_ command: MongoCommand, on channel: EmbeddedChannel) -> EventLoopFuture<BSONDocument> {
        let promise = channel.eventLoop.makePromise(of: BSONDocument.self)
        channel.writeAndFlush(MongoRequest(command, promise: promise), promise: nil)
        return promise.futureResult
    }

    /// A reply document `body` to `requestID`.
    private func reply(to requestID: Int32, _ body: BSONDocument) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        try MongoMessage(requestID: 500 + requestID, responseTo: requestID, message: OpMsg(body: body)).write(into: &buffer)
        return buffer
    }

    @Test func repliesAreMatchedByResponseToInAnyOrder() throws {
        let channel = try makeChannel()
        let status = send(.serverStatus, on: channel)
        let hello = send(.hello(), on: channel)
        let first = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(try MongoMessage.decode(first).message.body == ["serverStatus": .int32(1), "$db": .string("admin")])
        #expect(try MongoMessage.decode(first).requestID == 1)
        let second = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(try MongoMessage.decode(second).requestID == 2)

        var both = try reply(to: 2, ["isWritablePrimary": .bool(true), "ok": .int32(1)])
        var other = try reply(to: 1, ["uptime": .double(5), "ok": .int32(1)])
        both.writeBuffer(&other)
        try channel.writeInbound(both.getSlice(at: 0, length: 10)!)
        try channel.writeInbound(both.getSlice(at: 10, length: both.readableBytes - 10)!)
        #expect(try hello.wait() == ["isWritablePrimary": .bool(true), "ok": .int32(1)])
        #expect(try status.wait() == ["uptime": .double(5), "ok": .int32(1)])
        _ = try channel.finish()
    }

    @Test func garbageFailsThePendingRequestWithTheReasonAndCloses() throws {
        let channel = try makeChannel()
        let status = send(.serverStatus, on: channel)
        try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\n"))
        guard case .failure(MongoTransportError.protocolViolation(let violation)) = Result(catching: { try status.wait() }) else {
            Issue.record("expected a protocol violation")
            return
        }
        // "HTTP" read as a little-endian length.
        #expect(violation == .messageTooLarge(0x5054_5448, limit: MongoLimits.default.maxMessageSize))
        #expect(!channel.isActive)
        let sentence = MongoFailure.transport(MongoTransportError.protocolViolation(violation), url: MongoURL(host: "mongodb"), command: "serverStatus", timeout: .seconds(3))
        #expect(sentence.message == "mongodb:27017 does not speak MongoDB's OP_MSG as expected: a message of 1347703880 bytes is over the 16793664-byte limit for a reply")
    }

    @Test func replyToNothingOutstandingDropsTheConnection() throws {
        let channel = try makeChannel()
        let status = send(.serverStatus, on: channel)
        try channel.writeInbound(try reply(to: 42, ["ok": .int32(1)]))
        guard case .failure(MongoTransportError.unexpectedReply(let responseTo)) = Result(catching: { try status.wait() }) else {
            Issue.record("expected an unexpected reply")
            return
        }
        #expect(responseTo == 42)
        #expect(!channel.isActive)
    }

    @Test func serverErrorsAreTyped() throws {
        let reply: BSONDocument = ["ok": .double(0), "errmsg": .string("no such command: 'hello'"), "code": .int32(59), "codeName": .string("CommandNotFound")]
        let error = try #require(MongoServerError(command: "hello", reply: reply))
        #expect(error == MongoServerError(command: "hello", code: 59, codeName: "CommandNotFound", message: "no such command: 'hello'"))
        #expect(MongoServerError(command: "hello", reply: ["ok": .int32(1)]) == nil)
        #expect(MongoServerError(command: "hello", reply: ["ok": .bool(true)]) == nil)
        #expect(MongoServerError(command: "ping", reply: [:])?.message == "no error message")
    }
}
