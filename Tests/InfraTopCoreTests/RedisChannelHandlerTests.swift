import NIOCore
import NIOEmbedded
import Testing
@testable import InfraTopCore
@testable import InfraTopRedis

@Suite struct RedisChannelHandlerTests {
    /// A channel with the pipeline RedisConnection builds, minus TLS.
    private func makeChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPValueDecoder()))
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(RedisCommandEncoder()))
        try channel.pipeline.syncOperations.addHandler(RedisRequestHandler())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6379)).wait()
        return channel
    }

    private func send(_ command: RedisCommand, on channel: EmbeddedChannel) -> EventLoopFuture<RESPValue> {
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        channel.writeAndFlush(RedisRequest(command: command, promise: promise), promise: nil)
        return promise.futureResult
    }

    @Test func matchesRepliesToRequestsInOrderAcrossSplitReads() throws {
        let channel = try makeChannel()
        let first = send(RedisCommand("PING"), on: channel)
        let second = send(RedisCommand("DBSIZE"), on: channel)
        let written = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(String(buffer: written) == "*1\r\n$4\r\nPING\r\n")

        try channel.writeInbound(ByteBuffer(string: "+PO"))
        try channel.writeInbound(ByteBuffer(string: "NG\r\n:4"))
        try channel.writeInbound(ByteBuffer(string: "2\r\n"))
        #expect(try first.wait() == .simpleString("PONG"))
        #expect(try second.wait() == .integer(42))
        _ = try channel.finish()
    }

    @Test func dropsPushMessagesAndAttributes() throws {
        let channel = try makeChannel()
        let reply = send(RedisCommand("GET", "k"), on: channel)
        try channel.writeInbound(ByteBuffer(string: ">2\r\n+invalidate\r\n*1\r\n$1\r\nk\r\n|1\r\n+ttl\r\n:5\r\n$1\r\nv\r\n"))
        #expect(try reply.wait() == .bulkString(ByteBuffer(string: "v")))
        _ = try channel.finish()
    }

    @Test func garbageFailsThePendingRequestAndCloses() throws {
        let channel = try makeChannel()
        let reply = send(RedisCommand("INFO"), on: channel)
        // The request handler takes the decoding error: it fails the request rather than passing the error on.
        try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\n"))
        if case .failure(RedisTransportError.protocolViolation(let error)) = Result(catching: { try reply.wait() }) {
            #expect(error == .unknownType(UInt8(ascii: "H")))
        } else {
            Issue.record("expected a protocol violation")
        }
        #expect(!channel.isActive)
    }

    @Test func closeFailsEveryPendingRequest() throws {
        let channel = try makeChannel()
        let first = send(RedisCommand("INFO"), on: channel)
        let second = send(RedisCommand("SLOWLOG", "GET", "10"), on: channel)
        try channel.close().wait()
        for reply in [first, second] {
            if case .failure(RedisTransportError.closed) = Result(catching: { try reply.wait() }) {
            } else {
                Issue.record("expected closed")
            }
        }
        let late = send(RedisCommand("PING"), on: channel)
        #expect(throws: (any Error).self) { try late.wait() }
    }

    @Test func unsolicitedReplyClosesTheConnection() throws {
        let channel = try makeChannel()
        try channel.writeInbound(ByteBuffer(string: "+OK\r\n"))
        #expect(!channel.isActive)
    }
}
