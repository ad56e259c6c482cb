import NIOCore

/// How large a message may be before the frame decoder refuses it, and the BSON limits inside.
package struct MongoLimits: Sendable, Hashable {
    package var bson: BSONLimits
    /// Largest message, header included. mongod accepts up to `maxMessageSizeBytes` (48,000,000)
    /// from clients, but what it sends infratop is one reply to one command: a single kind-0
    /// section, one document of at most ``BSONLimits/maxDocumentSize``. So the default is that plus
    /// the header (16), flags (4), the section's kind byte (1) and a checksum (4), rounded up: a
    /// larger length cannot be an answer to us, and refusing it keeps a garbled or hostile stream
    /// from making us buffer 48 MB.
    package var maxMessageSize: Int

    package init(bson: BSONLimits = .default, maxMessageSize: Int? = nil) {
        self.bson = bson
        self.maxMessageSize = maxMessageSize ?? bson.maxDocumentSize + 64
    }

    package static let `default` = MongoLimits()
}

/// The bytes after a message header that OP_MSG defines (MongoDB wire protocol, opcode 2013).
package struct OpMsg: Sendable, Hashable {
    /// OP_MSG's flagBits.
    package struct Flags: OptionSet, Sendable, Hashable {
        package let rawValue: UInt32
        package init(rawValue: UInt32) { self.rawValue = rawValue }

        /// A CRC-32C of the message follows the sections.
        package static let checksumPresent = Flags(rawValue: 1 << 0)
        /// Another message follows without a request (exhaust cursors, fire-and-forget writes).
        package static let moreToCome = Flags(rawValue: 1 << 1)
        /// The client accepts replies with moreToCome.
        package static let exhaustAllowed = Flags(rawValue: 1 << 16)

        /// Bits 0–15 are required: a receiver must refuse a message with one it does not know.
        static let requiredMask: UInt32 = 0xFFFF
        static let known: Flags = [.checksumPresent, .moreToCome, .exhaustAllowed]
    }

    /// A kind-1 section: documents under one identifier, as a command's batch of inserts.
    package struct DocumentSequence: Sendable, Hashable {
        package var identifier: String
        package var documents: [BSONDocument]

        package init(identifier: String, documents: [BSONDocument]) {
            self.identifier = identifier
            self.documents = documents
        }
    }

    package var flags: Flags
    /// The kind-0 section: the command, or the reply.
    package var body: BSONDocument
    package var sequences: [DocumentSequence]

    package init(flags: Flags = [], body: BSONDocument, sequences: [DocumentSequence] = []) {
        self.flags = flags
        self.body = body
        self.sequences = sequences
    }
}

/// One message on a MongoDB connection: the header's identifiers and the OP_MSG it carries.
package struct MongoMessage: Sendable, Hashable {
    package static let opMsg: Int32 = 2013
    static let opReply: Int32 = 1
    static let opCompressed: Int32 = 2012
    /// The standard message header: messageLength, requestID, responseTo, opCode.
    static let headerLength = 16

    package var requestID: Int32
    /// The requestID of the message this one answers; 0 in a request.
    package var responseTo: Int32
    package var message: OpMsg

    package init(requestID: Int32, responseTo: Int32 = 0, message: OpMsg) {
        self.requestID = requestID
        self.responseTo = responseTo
        self.message = message
    }

    /// Appends the message, header included, to `buffer`. No checksum is written: the flag is clear.
    package func write(into buffer: inout ByteBuffer) throws(BSONError) {
        let start = buffer.writerIndex
        buffer.writeInteger(Int32(0), endianness: .little)
        buffer.writeInteger(requestID, endianness: .little)
        buffer.writeInteger(responseTo, endianness: .little)
        buffer.writeInteger(Self.opMsg, endianness: .little)
        buffer.writeInteger(message.flags.subtracting(.checksumPresent).rawValue, endianness: .little)
        buffer.writeInteger(UInt8(0))
        try BSONEncoder.write(message.body, into: &buffer)
        for sequence in message.sequences {
            buffer.writeInteger(UInt8(1))
            let sizeAt = buffer.writerIndex
            buffer.writeInteger(Int32(0), endianness: .little)
            buffer.writeString(sequence.identifier)
            buffer.writeInteger(UInt8(0))
            for document in sequence.documents {
                try BSONEncoder.write(document, into: &buffer)
            }
            buffer.setInteger(Int32(truncatingIfNeeded: buffer.writerIndex - sizeAt), at: sizeAt, endianness: .little)
        }
        buffer.setInteger(Int32(truncatingIfNeeded: buffer.writerIndex - start), at: start, endianness: .little)
    }

    /// Decodes one whole message, header included, as the frame decoder cut it.
    ///
    /// The checksum, when present, is not verified (TCP and TLS already check the bytes, and
    /// mongod sends none unless asked); its four bytes are set aside.
    package static func decode(_ frame: ByteBuffer, limits: MongoLimits = .default) throws(MongoWireError) -> MongoMessage {
        var buffer = frame
        guard let length = buffer.readInteger(endianness: .little, as: Int32.self),
              let requestID = buffer.readInteger(endianness: .little, as: Int32.self),
              let responseTo = buffer.readInteger(endianness: .little, as: Int32.self),
              let opCode = buffer.readInteger(endianness: .little, as: Int32.self) else {
            throw .truncatedHeader(frame.readableBytes)
        }
        guard Int(length) == frame.readableBytes else { throw .lengthMismatch(declared: Int(length), actual: frame.readableBytes) }
        switch opCode {
        case opMsg: break
        case opReply: throw .legacyReply
        case opCompressed: throw .compressed
        default: throw .unknownOpCode(opCode)
        }
        guard let rawFlags = buffer.readInteger(endianness: .little, as: UInt32.self) else { throw .truncatedMessage }
        let flags = OpMsg.Flags(rawValue: rawFlags)
        let unknownRequired = rawFlags & OpMsg.Flags.requiredMask & ~OpMsg.Flags.known.rawValue
        guard unknownRequired == 0 else { throw .unknownRequiredFlags(rawFlags) }
        if flags.contains(.checksumPresent) {
            guard buffer.readableBytes >= 4 else { throw .truncatedMessage }
            buffer = buffer.getSlice(at: buffer.readerIndex, length: buffer.readableBytes - 4)!
        }

        let decoder = BSONDecoder(limits: limits.bson)
        var body: BSONDocument?
        var sequences: [OpMsg.DocumentSequence] = []
        while let kind = buffer.readInteger(as: UInt8.self) {
            switch kind {
            case 0:
                guard body == nil else { throw .secondBody }
                do { body = try decoder.decodeDocument(from: &buffer) } catch { throw .bson(error) }
            case 1:
                guard let size = buffer.readInteger(endianness: .little, as: Int32.self) else { throw .truncatedMessage }
                // The size counts itself, the identifier and its NUL, and the documents.
                guard size >= 5, Int(size) - 4 <= buffer.readableBytes else { throw .invalidSequenceSize(Int(size)) }
                var section = buffer.readSlice(length: Int(size) - 4)!
                guard let end = section.withUnsafeReadableBytes({ $0.firstIndex(of: 0) }) else { throw .invalidSequenceSize(Int(size)) }
                let identifier = section.readString(length: end)!
                section.moveReaderIndex(forwardBy: 1)
                var documents: [BSONDocument] = []
                while section.readableBytes > 0 {
                    do { documents.append(try decoder.decodeDocument(from: &section)) } catch { throw .bson(error) }
                }
                sequences.append(OpMsg.DocumentSequence(identifier: identifier, documents: documents))
            default:
                throw .unknownSectionKind(kind)
            }
        }
        guard let body else { throw .missingBody }
        return MongoMessage(requestID: requestID, responseTo: responseTo, message: OpMsg(flags: flags, body: body, sequences: sequences))
    }
}

/// Why bytes from the server are not an OP_MSG infratop can read.
package enum MongoWireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The length in a header is below a header's 16 bytes, or negative.
    case invalidMessageLength(Int)
    case messageTooLarge(Int, limit: Int)
    case truncatedHeader(Int)
    case truncatedMessage
    case lengthMismatch(declared: Int, actual: Int)
    /// OP_REPLY, the answer to the legacy OP_QUERY, which infratop never sends.
    case legacyReply
    /// OP_COMPRESSED, which infratop never negotiates.
    case compressed
    case unknownOpCode(Int32)
    case unknownRequiredFlags(UInt32)
    case unknownSectionKind(UInt8)
    case invalidSequenceSize(Int)
    case missingBody
    case secondBody
    case bson(BSONError)

    package var description: String {
        switch self {
        case .invalidMessageLength(let length): return "a message header gives the impossible length \(length)"
        case .messageTooLarge(let length, let limit): return "a message of \(length) bytes is over the \(limit)-byte limit for a reply"
        case .truncatedHeader(let count): return "a message of \(count) bytes is shorter than its header"
        case .truncatedMessage: return "a message ends before its flags, sections or checksum"
        case .lengthMismatch(let declared, let actual): return "a message declares \(declared) bytes but holds \(actual)"
        case .legacyReply: return "the reply is a legacy OP_REPLY, not OP_MSG (is this MongoDB 3.6 or later?)"
        case .compressed: return "the reply is compressed, which infratop never asked for"
        case .unknownOpCode(let code): return "the reply has opcode \(code), not OP_MSG (2013)"
        case .unknownRequiredFlags(let flags): return "the reply sets required flag bits infratop does not know (0x\(String(flags, radix: 16)))"
        case .unknownSectionKind(let kind): return "the reply has a section of kind \(kind), neither 0 nor 1"
        case .invalidSequenceSize(let size): return "a document sequence declares an impossible size \(size)"
        case .missingBody: return "the reply has no body section (kind 0)"
        case .secondBody: return "the reply has two body sections (kind 0)"
        case .bson(let error): return "bad BSON: \(error)"
        }
    }
}

/// Cuts the byte stream into whole messages and decodes each, refusing a length above
/// ``MongoLimits/maxMessageSize`` before waiting for its bytes.
package struct MongoMessageDecoder: ByteToMessageDecoder, Sendable {
    package typealias InboundOut = MongoMessage

    package let limits: MongoLimits

    package init(limits: MongoLimits = .default) {
        self.limits = limits
    }

    /// One whole message from the front of `buffer`, or nil (buffer untouched) until it has arrived.
    package func nextMessage(from buffer: inout ByteBuffer) throws(MongoWireError) -> MongoMessage? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: Int32.self) else { return nil }
        guard Int(length) >= MongoMessage.headerLength else { throw .invalidMessageLength(Int(length)) }
        guard Int(length) <= limits.maxMessageSize else { throw .messageTooLarge(Int(length), limit: limits.maxMessageSize) }
        guard let frame = buffer.readSlice(length: Int(length)) else { return nil }
        return try MongoMessage.decode(frame, limits: limits)
    }

    package mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let message = try nextMessage(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(message))
        return .continue
    }

    package mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A partial message at EOF is lost with the connection; the request handler reports the close.
        try decode(context: context, buffer: &buffer)
    }
}
