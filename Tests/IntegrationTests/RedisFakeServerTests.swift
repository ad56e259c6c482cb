import Foundation
import InfraTopCore
import NIOCore
import Testing
import InfraTopRedis

/// The collector's handling of replies a real server gives only when configured
/// oddly: renamed commands, no RESP3, a database index, a stalled INFO.
@Suite(.serialized)
struct RedisFakeServerTests {
    private let hello = RESPValue.map([RESPPair(key: .bulkString(ByteBuffer(string: "proto")), value: .integer(3))])
    private let info = RESPValue.verbatimString(format: "txt", text: "# Server\r\nredis_version:7.2.4\r\n# Memory\r\nused_memory:1024\r\nmaxmemory:0\r\n")

    private func collector(port: Int, database: Int = 0, requestTimeout: TimeAmount = .milliseconds(500), pollTimeout: TimeAmount? = nil) -> RedisCollector {
        RedisCollector(configuration: RedisCollector.Configuration(
            endpoint: RedisEndpoint(host: "127.0.0.1", port: port, password: "hunter2", database: database),
            connection: RedisConnection.Configuration(connectTimeout: .milliseconds(500), requestTimeout: requestTimeout),
            pollTimeout: pollTimeout
        ))
    }

    @Test func stalledPollEndsAtThePollTimeout() async throws {
        let server = try await RedisFakeServer.start(.commands(["HELLO": hello]))
        let redis = collector(port: server.port, requestTimeout: .seconds(5), pollTimeout: .milliseconds(500))
        let started = ContinuousClock.now
        let result = await redis.poll()
        let elapsed = ContinuousClock.now - started
        await server.stop()
        #expect(result.failureMessage == "Redis at 127.0.0.1:\(server.port) did not finish a poll within 0.5 s")
        // The message says which timeout fired; this bound only tells a hang from an answer
        // (timings are not asserted: shared machines stall).
        #expect(elapsed < .seconds(30))
    }

    @Test func infoThatIsNotTextFailsThePoll() async throws {
        let server = try await RedisFakeServer.start(.commands(["HELLO": hello, "INFO": .integer(1), "SLOWLOG": .array([])]))
        let result = await collector(port: server.port).poll()
        await server.stop()
        #expect(result.failureMessage == "Redis at 127.0.0.1:\(server.port) answered INFO with an integer instead of text")
    }

    @Test func renamedSlowlogLeavesTheRestOfThePoll() async throws {
        let server = try await RedisFakeServer.start(.commands([
            "HELLO": hello, "INFO": info,
            "SLOWLOG": .error("ERR unknown command 'SLOWLOG', with args beginning with: 'GET' '10' "),
        ]))
        let sample = try await collector(port: server.port).poll().get()
        await server.stop()
        #expect(sample.info.redisVersion == "7.2.4")
        #expect(sample.info.maxmemory == .unlimited)
        #expect(sample.slowlog == [])
        #expect(sample.slowlogUnavailableReason
            == "Redis at 127.0.0.1:\(server.port) refused SLOWLOG: ERR unknown command 'SLOWLOG', with args beginning with: 'GET' '10' ")
    }

    @Test func selectsTheDatabaseFromTheURL() async throws {
        let server = try await RedisFakeServer.start(.commands(["HELLO": hello, "SELECT": .simpleString("OK"), "INFO": info, "SLOWLOG": .array([])]))
        let sample = try await collector(port: server.port, database: 2).poll().get()
        await server.stop()
        #expect(sample.protocolVersion == 3)
    }

    @Test func databaseOutOfRangeIsASentence() async throws {
        let server = try await RedisFakeServer.start(.commands(["HELLO": hello, "SELECT": .error("ERR DB index is out of range")]))
        let result = await collector(port: server.port, database: 99).poll()
        await server.stop()
        #expect(result.failureMessage == "Redis at 127.0.0.1:\(server.port) refused SELECT: ERR DB index is out of range")
    }

    @Test func noProtocolThreeFallsBackToAuthAndRESP2() async throws {
        let server = try await RedisFakeServer.start(.commands([
            "HELLO": .error("NOPROTO unsupported protocol version"),
            "AUTH": .simpleString("OK"),
            "INFO": .bulkString(ByteBuffer(string: "redis_version:6.0.0\r\n")),
            "SLOWLOG": .array([]),
        ]))
        let sample = try await collector(port: server.port).poll().get()
        await server.stop()
        #expect(sample.protocolVersion == 2)
        #expect(sample.info.redisVersion == "6.0.0")
    }

    @Test func wrongPasswordOnFallbackEchoedByServerIsRedacted() async throws {
        let server = try await RedisFakeServer.start(.commands([
            "HELLO": .error("ERR unknown command 'HELLO', with args beginning with: '3' 'AUTH' 'default' 'hunter2' "),
            "AUTH": .error("ERR invalid password 'hunter2'"),
        ]))
        let result = await collector(port: server.port).poll()
        await server.stop()
        #expect(result.failureMessage == "Redis at 127.0.0.1:\(server.port) refused AUTH: ERR invalid password '***'")
    }
}
