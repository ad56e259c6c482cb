import Foundation
import InfraTopCore
import NIOCore
import NIOSSL
import Testing
import InfraTopBasics
import InfraTopRedis

/// What the collector says when the other end is not a healthy Redis.
@Suite(.serialized)
struct RedisProtocolFailureTests {
    private func collector(port: Int, host: String = "127.0.0.1", usesTLS: Bool = false, tls: TLSConfiguration = .makeClientConfiguration()) -> RedisCollector {
        RedisCollector(configuration: RedisCollector.Configuration(
            endpoint: RedisEndpoint(host: host, port: port, usesTLS: usesTLS, password: "hunter2"),
            connection: RedisConnection.Configuration(connectTimeout: .milliseconds(500), requestTimeout: .milliseconds(500), tls: tls)
        ))
    }

    @Test func serverSpeakingHTTPIsNotRESP() async throws {
        let server = try await RedisFakeServer.start(.raw("HTTP/1.1 400 Bad Request\r\n\r\n"))
        let redis = collector(port: server.port)
        let result = await redis.poll()
        await server.stop()
        #expect(result.failureMessage == "127.0.0.1:\(server.port) does not speak RESP as expected: reply is not RESP: unexpected type byte 0x48")
    }

    @Test func serverClaimingAHugeReplyIsRefused() async throws {
        let server = try await RedisFakeServer.start(.raw("$4294967296\r\n"))
        let redis = collector(port: server.port)
        let result = await redis.poll()
        await server.stop()
        #expect(result.failureMessage == "127.0.0.1:\(server.port) does not speak RESP as expected: reply declares 4294967296 bytes, more than the 67108864-byte limit")
    }

    @Test func silentServerTimesOutDuringHandshake() async throws {
        let server = try await RedisFakeServer.start(.raw(nil))
        let redis = collector(port: server.port)
        let started = ContinuousClock.now
        let result = await redis.poll()
        let elapsed = ContinuousClock.now - started
        await server.stop()
        #expect(result.failureMessage == "Redis at 127.0.0.1:\(server.port) did not answer HELLO within 0.5 s")
        // The message says which timeout fired; this bound only tells a hang from an answer
        // (timings are not asserted: shared machines stall).
        #expect(elapsed < .seconds(30))
    }

    @Test func overlappingPollsEachCompleteOnce() async throws {
        let server = try await RedisFakeServer.start(.raw(nil))
        let redis = collector(port: server.port)
        let results = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<3 { group.addTask { await redis.poll().failureMessage } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        await server.stop()
        #expect(results == Array(repeating: "Redis at 127.0.0.1:\(server.port) did not answer HELLO within 0.5 s", count: 3))
    }
}

extension Result where Failure == CollectorError {
    var failureMessage: String? {
        if case .failure(let error) = self { return error.message }
        return nil
    }
}
