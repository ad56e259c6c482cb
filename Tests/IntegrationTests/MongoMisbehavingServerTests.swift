import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Testing
import InfraTopBasics
import InfraTopMongo

/// A TCP server on a free loopback port that plays a mongod badly: what a client sees when the
/// URL points at the wrong service, or at a server that sends what no mongod would.
final class MongoFakeServer: Sendable {
    /// What to send back for a command (by name), as the bytes after the message header's
    /// requestID; nil stays silent.
    typealias Answer = @Sendable (_ command: String, _ requestID: Int32) -> ByteBuffer?

    private let channel: Channel
    let port: Int

    private init(channel: Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    static func start(raw: String? = nil, tls: NIOSSLContext? = nil, answer: Answer? = nil) async throws -> MongoFakeServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    if let tls {
                        try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    if let answer {
                        try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(MongoMessageDecoder()))
                        try child.pipeline.syncOperations.addHandler(CommandHandler(answer: answer))
                    } else {
                        try child.pipeline.syncOperations.addHandler(RawHandler(reply: raw))
                    }
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            try await channel.close()
            throw TestServerError("fake server has no local port")
        }
        return MongoFakeServer(channel: channel, port: port)
    }

    func stop() async {
        try? await channel.close()
    }

    /// A well-formed OP_MSG reply carrying `document`.
    static func reply(_ document: BSONDocument, to requestID: Int32) -> ByteBuffer {
        var buffer = ByteBuffer()
        try! MongoMessage(requestID: 9_000 + requestID, responseTo: requestID, message: OpMsg(body: document)).write(into: &buffer)
        return buffer
    }

    /// An OP_MSG reply whose body is `bodyBytes` as given, valid or not.
    static func reply(bodyBytes: [UInt8], to requestID: Int32) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(16 + 4 + 1 + bodyBytes.count), endianness: .little)
        buffer.writeInteger(9_000 + requestID, endianness: .little)
        buffer.writeInteger(requestID, endianness: .little)
        buffer.writeInteger(Int32(2013), endianness: .little)
        buffer.writeInteger(UInt32(0), endianness: .little)
        buffer.writeInteger(UInt8(0))
        buffer.writeBytes(bodyBytes)
        return buffer
    }
}

private final class RawHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let reply: String?
    init(reply: String?) { self.reply = reply }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let reply else { return }
        context.writeAndFlush(Self.wrapOutboundOut(ByteBuffer(string: reply)), promise: nil)
    }
}

private final class CommandHandler: ChannelInboundHandler {
    typealias InboundIn = MongoMessage
    typealias OutboundOut = ByteBuffer
    let answer: MongoFakeServer.Answer
    init(answer: @escaping MongoFakeServer.Answer) { self.answer = answer }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let request = Self.unwrapInboundIn(data)
        let name = request.message.body.elements.first?.key ?? ""
        guard let reply = answer(name, request.requestID) else { return }
        context.writeAndFlush(Self.wrapOutboundOut(reply), promise: nil)
    }
}

private let hello: BSONDocument = ["isWritablePrimary": .bool(true), "maxWireVersion": .int32(17), "ok": .double(1)]

private func collector(port: Int, timeout: TimeAmount = .milliseconds(500)) -> MongoCollector {
    MongoCollector(configuration: .init(url: MongoURL(host: "127.0.0.1", port: port),
                                        connection: .init(connectTimeout: timeout, requestTimeout: timeout)))
}

@Suite(.serialized) struct MongoMisbehavingServerTests {
    @Test func anHTTPServerIsNotMongoDB() async throws {
        let server = try await MongoFakeServer.start(raw: "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        let mongo = collector(port: server.port)
        let message = await mongo.poll().collectorFailure
        #expect(message == "127.0.0.1:\(server.port) does not speak MongoDB's OP_MSG as expected: a message of 1347703880 bytes is over the 16793664-byte limit for a reply")
        mongo.close()
        await server.stop()
    }

    @Test func aSilentServerTimesOutNamingTheCommand() async throws {
        let server = try await MongoFakeServer.start(raw: nil)
        let mongo = collector(port: server.port)
        #expect(await mongo.poll().collectorFailure == "MongoDB at 127.0.0.1:\(server.port) did not answer hello within 0.5 s")
        mongo.close()
        await server.stop()
    }

    @Test func badBSONFailsThatPollWithWhereItIsAndTheNextConnectionTriesAgain() async throws {
        // serverStatus answers a document whose "cache" holds an unknown type 0x14; the first time only.
        let attempts = Locked(0)
        let server = try await MongoFakeServer.start { command, requestID in
            switch command {
            case "hello": return MongoFakeServer.reply(hello, to: requestID)
            case "buildInfo": return MongoFakeServer.reply(["version": .string("7.0.2"), "ok": .double(1)], to: requestID)
            case "serverStatus":
                let first = attempts.withLock { count -> Bool in count += 1; return count == 1 }
                if first {
                    // {wiredTiger: {cache: {x: <type 0x14>}}}
                    let inner: [UInt8] = [0x0C, 0, 0, 0, 0x14, 0x78, 0, 0, 0, 0, 0, 0]
                    let cache: [UInt8] = [0x03] + Array("cache".utf8) + [0] + inner
                    let wiredTiger: [UInt8] = withUnsafeBytes(of: Int32(4 + cache.count + 1).littleEndian, Array.init) + cache + [0]
                    let elements: [UInt8] = [0x03] + Array("wiredTiger".utf8) + [0] + wiredTiger
                    let body = withUnsafeBytes(of: Int32(4 + elements.count + 1).littleEndian, Array.init) + elements + [0]
                    return MongoFakeServer.reply(bodyBytes: body, to: requestID)
                }
                return MongoFakeServer.reply(["uptime": .double(12), "ok": .double(1)], to: requestID)
            default:
                return MongoFakeServer.reply(["ok": .double(0), "errmsg": .string("no such command: '\(command)'"), "code": .int32(59)], to: requestID)
            }
        }
        let mongo = collector(port: server.port)
        #expect(await mongo.poll().collectorFailure == "127.0.0.1:\(server.port) does not speak MongoDB's OP_MSG as expected: bad BSON: \"wiredTiger.cache.x\" has BSON type 0x14, whose length cannot be known")
        // The connection was dropped with the bad reply; the next poll connects again. What the
        // server did not send stays nil, never zero.
        let sample = try await mongo.poll().get()
        #expect(sample.version == "7.0.2")
        #expect(sample.uptimeSeconds == 12)
        #expect(sample.cache == nil)
        #expect(sample.opcounters == MongoSample.Opcounters())
        #expect(sample.connections.current == nil)
        mongo.close()
        await server.stop()
    }

    @Test func aSetNotYetInitializedIsAStandalone() async throws {
        let server = try await MongoFakeServer.start { command, requestID in
            switch command {
            case "hello": return MongoFakeServer.reply(["isWritablePrimary": .bool(false), "secondary": .bool(false), "setName": .string("rs0"), "ok": .double(1)], to: requestID)
            case "serverStatus": return MongoFakeServer.reply(["uptime": .double(3), "ok": .double(1)], to: requestID)
            case "replSetGetStatus": return MongoFakeServer.reply(["ok": .double(0), "errmsg": .string("no replset config has been received"), "code": .int32(94), "codeName": .string("NotYetInitialized")], to: requestID)
            default: return MongoFakeServer.reply(["ok": .double(1)], to: requestID)
            }
        }
        let mongo = collector(port: server.port)
        let sample = try await mongo.poll().get()
        #expect(sample.role == .standalone)
        #expect(sample.setName == nil)
        #expect(sample.replicaSet == nil)
        #expect(sample.replicaSetUnavailableReason == nil)
        mongo.close()
        await server.stop()
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
    func tlsWhenTheURLAsksForIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infratop-mongo-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try makeCertificate(in: directory)
        let certificate = try #require(try NIOSSLCertificate.fromPEMFile(files.certificate.path).first)
        let serverTLS = try NIOSSLContext(configuration: .makeServerConfiguration(
            certificateChain: [.certificate(certificate)], privateKey: .privateKey(try NIOSSLPrivateKey(file: files.key.path, format: .pem))))
        let server = try await MongoFakeServer.start(tls: serverTLS) { command, requestID in
            switch command {
            case "hello": return MongoFakeServer.reply(hello, to: requestID)
            case "serverStatus": return MongoFakeServer.reply(["version": .string("7.0.2"), "ok": .double(1)], to: requestID)
            default: return MongoFakeServer.reply(["ok": .double(1)], to: requestID)
            }
        }
        defer { Task { await server.stop() } }
        var trusting = TLSConfiguration.makeClientConfiguration()
        trusting.trustRoots = .certificates([certificate])
        func collector(_ url: String, tls: TLSConfiguration) throws -> MongoCollector {
            MongoCollector(configuration: .init(url: try MongoURL(parsing: url),
                                                connection: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(2), tls: tls)))
        }

        let secure = try collector("mongodb://localhost:\(server.port)/?tls=true", tls: trusting)
        #expect(try await secure.poll().get().version == "7.0.2")
        secure.close()

        let untrusting = try collector("mongodb://localhost:\(server.port)/?tls=true", tls: .makeClientConfiguration())
        #expect(await untrusting.poll().collectorFailure == "TLS certificate of localhost:\(server.port) is not trusted — give infratop the CA that signed it")
        untrusting.close()

        let plain = try collector("mongodb://localhost:\(server.port)", tls: trusting)
        // The TLS server hangs up on a plain hello; the reason must survive closing our end.
        #expect(await plain.poll().collectorFailure == "connection to localhost:\(server.port) closed during the handshake — if that port expects TLS, add ?tls=true to the URL")
        plain.close()
    }

    @Test func aServerWithoutHelloGetsIsMaster() async throws {
        let server = try await MongoFakeServer.start { command, requestID in
            switch command {
            case "isMaster": return MongoFakeServer.reply(["ismaster": .bool(true), "setName": .string("legacy"), "secondary": .bool(false), "ok": .double(1)], to: requestID)
            case "serverStatus": return MongoFakeServer.reply(["version": .string("4.2.24"), "ok": .double(1)], to: requestID)
            case "replSetGetStatus": return MongoFakeServer.reply(["ok": .double(0), "errmsg": .string("not authorized on admin to execute command"), "code": .int32(13), "codeName": .string("Unauthorized")], to: requestID)
            default:
                return MongoFakeServer.reply(["ok": .double(0), "errmsg": .string("no such command: '\(command)'"), "code": .int32(59), "codeName": .string("CommandNotFound")], to: requestID)
            }
        }
        let mongo = collector(port: server.port)
        let sample = try await mongo.poll().get()
        #expect(sample.role == .primary)
        #expect(sample.setName == "legacy")
        // buildInfo was refused (no such command here): the version comes from serverStatus.
        #expect(sample.version == "4.2.24")
        #expect(sample.replicaSet == nil)
        #expect(sample.replicaSetUnavailableReason == "MongoDB at 127.0.0.1:\(server.port) requires authentication for replSetGetStatus — give a user in the URL (mongodb://USER@HOST) and its password through MONGODB_PASSWORD or the MongoDB password file")
        mongo.close()
        await server.stop()
    }
}
