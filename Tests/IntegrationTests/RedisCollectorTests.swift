import Foundation
import InfraTopCore
import NIOCore
import Testing
import InfraTopBasics
import InfraTopRedis
#if canImport(Glibc)
import Glibc
#endif

extension RedisCollector {
    /// One poll, awaited.
    func poll() async -> Result<RedisSample, CollectorError> {
        await withCheckedContinuation { continuation in
            poll { continuation.resume(returning: $0) }
        }
    }
}

private func collector(port: Int, password: String?, timeout: TimeAmount = .seconds(2)) -> RedisCollector {
    RedisCollector(configuration: RedisCollector.Configuration(
        endpoint: RedisEndpoint(host: "127.0.0.1", port: port, password: password),
        connection: RedisConnection.Configuration(connectTimeout: timeout, requestTimeout: timeout)
    ))
}

private func failureMessage(_ result: Result<RedisSample, CollectorError>) -> String? {
    result.failureMessage
}

private let mebibyte = 1024 * 1024

/// Real redis-server 7 from Debian, one per test, on free loopback ports.
@Suite(.serialized, .enabled(if: RedisTestServer.isAvailable, "redis-server is not installed"))
struct RedisCollectorTests {
    let password = "saga-test-\(UInt32.random(in: 100_000...999_999))"

    @Test func pollsInfoAndSlowlogOverRESP3() async throws {
        let server = try RedisTestServer(password: password, extraLines: ["slowlog-log-slower-than 0"])
        defer { server.stop() }
        try server.start()
        let redis = collector(port: server.port, password: password)
        defer { redis.close() }

        let first = try await redis.poll().get()
        #expect(first.protocolVersion == 3)
        #expect(first.info.redisVersion?.hasPrefix("7.") == true)
        #expect(first.info.maxmemory == .bytes(256 * mebibyte))
        #expect(first.info.maxmemoryPolicy == "allkeys-lru")
        #expect(first.info.isAOFEnabled == true)
        #expect(first.info.role == "master")
        #expect(first.slowlogUnavailableReason == nil)

        // Every command is slow at slower-than 0, so the first poll's INFO is in the second poll's slowlog.
        let second = try await redis.poll().get()
        let arguments = second.slowlog.map(\.arguments)
        #expect(arguments.contains(["INFO"]))
        #expect(second.slowlog.count <= 10)
        #expect(!second.slowlog.flatMap(\.arguments).contains(password))
        #expect((second.info.totalCommandsProcessed ?? 0) > (first.info.totalCommandsProcessed ?? 0))
    }

    @Test func filledServerEvictsAndSitsAtMaxmemory() async throws {
        let server = try RedisTestServer(password: password)
        defer { server.stop() }
        try server.start()
        let redis = collector(port: server.port, password: password, timeout: .seconds(5))
        defer { redis.close() }
        let load = try RedisTestLoad(port: server.port, password: password)
        defer { load.stop() }

        // Wait until the writes have pushed the server past maxmemory.
        var evicting = false
        for _ in 0..<240 {
            if case .success(let sample) = await redis.poll(), (sample.info.evictedKeys ?? 0) > 0 {
                evicting = true
                break
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        try #require(evicting, "no evictions within 60 s of writing")
        #expect(load.isRunning, "the load must still run for the next interval to see evictions")

        let previous = try await redis.poll().get()
        try await Task.sleep(for: .seconds(1))
        let current = try await redis.poll().get()
        load.stop()

        let health = RedisHealth(previous: previous, current: current)
        let evictionsPerSecond = try #require(health.evictionsPerSecond)
        #expect(evictionsPerSecond > 0)
        // Redis compares used_memory less its AOF buffers with maxmemory; on a busy machine those buffers alone reach tens of MiB.
        let used = try #require(current.info.memoryCountedForEviction)
        #expect(used > 240 * mebibyte && used < 272 * mebibyte, "counted memory \(used) should be near 256 MiB")
        #expect(current.info.memoryNotCountedForEviction != nil)
        let fraction = try #require(health.memoryFraction)
        #expect(fraction > 0.93 && fraction < 1.07)
        #expect(health.warnings.map(\.kind).contains(.evicting))
        #expect(health.warnings.map(\.kind).contains(.memoryNearLimit))
        #expect(current.info.aofLastWriteStatus == "ok")
    }

    @Test func wrongPasswordGivesWrongpassWithoutThePassword() async throws {
        let server = try RedisTestServer(password: password)
        defer { server.stop() }
        try server.start()
        let wrong = "not-\(password)-either"
        let redis = collector(port: server.port, password: wrong)
        defer { redis.close() }

        let message = try #require(failureMessage(await redis.poll()))
        #expect(message == "WRONGPASS from 127.0.0.1:\(server.port) — check REDIS_PASSWORD")
        #expect(!message.contains(wrong))
        #expect(!message.contains(password))
    }

    @Test func missingPasswordGivesNoauth() async throws {
        let server = try RedisTestServer(password: password)
        defer { server.stop() }
        try server.start()
        let redis = collector(port: server.port, password: nil)
        defer { redis.close() }

        #expect(failureMessage(await redis.poll()) == "NOAUTH from 127.0.0.1:\(server.port) — check REDIS_PASSWORD")
    }

    @Test func recoversAfterServerIsKilledAndRestarted() async throws {
        let server = try RedisTestServer(password: password)
        defer { server.stop() }
        try server.start()
        let redis = collector(port: server.port, password: password)
        defer { redis.close() }
        _ = try await redis.poll().get()

        server.stop()
        let refused = "connection refused by 127.0.0.1:\(server.port) — is Redis running?"
        let closed = "connection to 127.0.0.1:\(server.port) closed — Redis may have restarted or dropped the client"
        // The kill may or may not have reached the open connection before this poll.
        let duringOutage = try #require(failureMessage(await redis.poll()))
        #expect(duringOutage == refused || duringOutage == closed)
        #expect(failureMessage(await redis.poll()) == refused)

        try server.start()
        let recovered = try await redis.poll().get()
        #expect(recovered.info.maxmemory == .bytes(256 * mebibyte))
        #expect((recovered.info.uptimeInSeconds ?? .max) < 60)
    }

    @Test func hungServerTimesOutThenRecovers() async throws {
        let server = try RedisTestServer(password: password)
        defer {
            server.signal(SIGCONT)
            server.stop()
        }
        try server.start()
        let redis = collector(port: server.port, password: password, timeout: .milliseconds(500))
        defer { redis.close() }
        _ = try await redis.poll().get()

        server.signal(SIGSTOP)
        let started = ContinuousClock.now
        let message = try #require(failureMessage(await redis.poll()))
        #expect(message == "Redis at 127.0.0.1:\(server.port) did not answer INFO within 0.5 s")
        // The message says which timeout fired; this bound only tells a hang from an answer
        // (timings are not asserted: shared machines stall).
        #expect(ContinuousClock.now - started < .seconds(30))

        server.signal(SIGCONT)
        let recovered = await redis.poll()
        #expect(failureMessage(recovered) == nil)
    }

    @Test func worksWithoutHelloThroughAuthAndRESP2() async throws {
        let server = try RedisTestServer(password: password, extraLines: ["rename-command HELLO \"\"", "slowlog-log-slower-than 0"])
        defer { server.stop() }
        try server.start()
        let redis = collector(port: server.port, password: password)
        defer { redis.close() }

        _ = try await redis.poll().get()
        let sample = try await redis.poll().get()
        #expect(sample.protocolVersion == 2)
        #expect(sample.info.maxmemory == .bytes(256 * mebibyte))
        #expect(sample.info.databases == [])
        #expect(sample.slowlog.map(\.arguments).contains(["INFO"]))

        let wrong = collector(port: server.port, password: "wrong-\(password)")
        defer { wrong.close() }
        let message = try #require(failureMessage(await wrong.poll()))
        #expect(message == "WRONGPASS from 127.0.0.1:\(server.port) — check REDIS_PASSWORD")
        #expect(!message.contains(password))
    }

    @Test func nothingListeningIsConnectionRefused() async throws {
        let port = try RedisTestServer.freePort()
        let redis = collector(port: port, password: password)
        #expect(failureMessage(await redis.poll()) == "connection refused by 127.0.0.1:\(port) — is Redis running?")
    }

    @Test func unknownHostIsAResolutionFailure() async throws {
        let redis = RedisCollector(configuration: RedisCollector.Configuration(
            endpoint: RedisEndpoint(host: "no-such-redis.invalid", port: 6379, password: password)))
        #expect(failureMessage(await redis.poll()) == "cannot resolve no-such-redis.invalid — check the Redis host in REDIS_URL, or port-forward it when running outside the cluster")
    }
}
