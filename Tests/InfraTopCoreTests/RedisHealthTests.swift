import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopRedis

private let mebibyte = 1024 * 1024

/// A sample whose INFO holds exactly `fields`, taken `at` seconds after an arbitrary origin.
private func sample(at seconds: TimeInterval, _ fields: [String: String]) -> RedisSample {
    let text = fields.map { "\($0.key):\($0.value)" }.sorted().joined(separator: "\r\n")
    return RedisSample(
        takenAt: Date(timeIntervalSince1970: 1_700_000_000 + seconds),
        info: RedisInfo(parsing: text),
        slowlog: [],
        duration: .milliseconds(2),
        protocolVersion: 3
    )
}

private let healthy: [String: String] = [
    "uptime_in_seconds": "1000",
    "used_memory": "\(64 * mebibyte)",
    "used_memory_rss": "\(70 * mebibyte)",
    "maxmemory": "\(256 * mebibyte)",
    "maxmemory_policy": "allkeys-lru",
    "mem_fragmentation_ratio": "1.09",
    "evicted_keys": "0",
    "total_commands_processed": "5000",
    "keyspace_hits": "900",
    "keyspace_misses": "100",
    "aof_enabled": "1",
    "aof_last_write_status": "ok",
    "rdb_last_bgsave_status": "ok",
    "role": "master",
]

private func changing(_ base: [String: String], _ changes: [String: String]) -> [String: String] {
    base.merging(changes) { _, new in new }
}

@Suite struct RedisHealthTests {
    @Test func healthyServerHasRatesAndNoWarnings() {
        let previous = sample(at: 0, healthy)
        let current = sample(at: 10, changing(healthy, [
            "uptime_in_seconds": "1010",
            "total_commands_processed": "6000",
            "keyspace_hits": "1080",
            "keyspace_misses": "120",
            "used_memory": "\(64 * mebibyte + 10 * 1024)",
        ]))
        let health = RedisHealth(previous: previous, current: current)
        #expect(health.interval == 10)
        #expect(health.operationsPerSecond == 100)
        #expect(health.evictionsPerSecond == 0)
        #expect(health.hitRatio == 0.9)
        #expect(health.memoryFraction == Double(64 * mebibyte + 10 * 1024) / Double(256 * mebibyte))
        #expect(health.memoryGrowthBytesPerSecond == 1024)
        #expect(health.timeUntilMaxmemory == Double(192 * mebibyte - 10 * 1024) / 1024)
        #expect(health.warnings == [])
    }

    @Test func firstSampleHasNoRatesButLifetimeHitRatio() {
        let health = RedisHealth(previous: nil, current: sample(at: 0, healthy))
        #expect(health.interval == nil)
        #expect(health.operationsPerSecond == nil)
        #expect(health.evictionsPerSecond == nil)
        #expect(health.memoryGrowthBytesPerSecond == nil)
        #expect(health.timeUntilMaxmemory == nil)
        #expect(health.hitRatio == 0.9)
        #expect(health.memoryFraction == 0.25)
    }

    @Test func restartGivesNoRateForThatInterval() {
        let previous = sample(at: 0, changing(healthy, ["evicted_keys": "500"]))
        let current = sample(at: 5, changing(healthy, ["uptime_in_seconds": "3", "total_commands_processed": "10", "evicted_keys": "0"]))
        let health = RedisHealth(previous: previous, current: current)
        #expect(health.operationsPerSecond == nil)
        #expect(health.evictionsPerSecond == nil)
        #expect(health.memoryGrowthBytesPerSecond == nil)
        #expect(health.interval == 5)
    }

    @Test func counterThatWentDownHasNoRateEvenWithoutUptime() {
        var previousFields = healthy
        previousFields["uptime_in_seconds"] = nil
        previousFields["evicted_keys"] = "50"
        var currentFields = healthy
        currentFields["uptime_in_seconds"] = nil
        currentFields["evicted_keys"] = "10"
        currentFields["total_commands_processed"] = "5500"
        let health = RedisHealth(previous: sample(at: 0, previousFields), current: sample(at: 5, currentFields))
        #expect(health.evictionsPerSecond == nil)
        #expect(health.operationsPerSecond == 100)
    }

    @Test func noLimitMeansNoFractionAndNoTimeToLimit() {
        let previous = sample(at: 0, changing(healthy, ["maxmemory": "0"]))
        let current = sample(at: 1, changing(healthy, ["maxmemory": "0", "used_memory": "\(65 * mebibyte)"]))
        let health = RedisHealth(previous: previous, current: current)
        #expect(health.memoryFraction == nil)
        #expect(health.memoryGrowthBytesPerSecond == Double(mebibyte))
        #expect(health.timeUntilMaxmemory == nil)
    }

    @Test func shrinkingMemoryHasNoTimeToLimit() {
        let previous = sample(at: 0, healthy)
        let current = sample(at: 2, changing(healthy, ["used_memory": "\(62 * mebibyte)"]))
        let health = RedisHealth(previous: previous, current: current)
        #expect(health.memoryGrowthBytesPerSecond == -Double(mebibyte))
        #expect(health.timeUntilMaxmemory == nil)
    }

    @Test func evictingServerNearLimitWarns() {
        let full = changing(healthy, ["used_memory": "\(250 * mebibyte)", "used_memory_rss": "\(260 * mebibyte)"])
        let previous = sample(at: 0, changing(full, ["evicted_keys": "1000"]))
        let current = sample(at: 2, changing(full, ["evicted_keys": "1600", "uptime_in_seconds": "1002"]))
        let health = RedisHealth(previous: previous, current: current)
        #expect(health.evictionsPerSecond == 300)
        #expect(health.warnings == [.memoryNearLimit(percent: 97, policy: "allkeys-lru"), .evicting(keysPerSecond: 300, policy: "allkeys-lru")])
        #expect(health.warnings.map(\.kind) == [.memoryNearLimit, .evicting])
        #expect(health.warnings.map(\.severity) == [.warning, .warning])
        #expect(health.warnings.map(RedisRule.sentence) == [
            "memory at 97% of maxmemory (allkeys-lru)",
            "evicting 300 keys/s under allkeys-lru — the cache is smaller than its working set",
        ])
    }

    @Test func noevictionNearLimitSaysWritesWillFail() {
        let current = sample(at: 0, changing(healthy, ["used_memory": "\(240 * mebibyte)", "maxmemory_policy": "noeviction"]))
        let health = RedisHealth(previous: nil, current: current)
        #expect(health.warnings == [.writesWillFail(percent: 93)])
        #expect(health.warnings.map(\.kind) == [.writesWillFail])
        #expect(health.warnings.map(\.severity) == [.critical])
        #expect(health.warnings.map(RedisRule.sentence) == [
            "memory at 93% of maxmemory with policy noeviction — writes will fail with OOM",
        ])
    }

    @Test func justBelowNinetyPercentDoesNotWarn() {
        let current = sample(at: 0, changing(healthy, ["used_memory": "\(Int(Double(256 * mebibyte) * 0.899))"]))
        #expect(RedisHealth(previous: nil, current: current).warnings == [])
    }

    @Test func persistenceErrorsAreCriticalAndComeFirst() {
        let current = sample(at: 0, changing(healthy, [
            "aof_last_write_status": "err",
            "rdb_last_bgsave_status": "err",
            "mem_fragmentation_ratio": "2.10",
            "used_memory_rss": "\(134 * mebibyte)",
        ]))
        let warnings = RedisHealth(previous: nil, current: current).warnings
        #expect(warnings == [.aofWriteFailing(status: "err"), .rdbSaveFailing(status: "err"), .fragmented(ratio: 2.10)])
        #expect(warnings.map(\.kind) == [.aofWriteFailing, .rdbSaveFailing, .fragmented])
        #expect(warnings.map(\.severity) == [.critical, .critical, .warning])
        #expect(warnings.map(RedisRule.sentence) == [
            "the last append-only file write failed (aof_last_write_status:err) — check the disk under Redis",
            "the last RDB snapshot failed (rdb_last_bgsave_status:err) — check the disk and memory under Redis",
            "memory fragmentation ratio is 2.10 — resident memory far exceeds the data",
        ])
    }

    @Test func fragmentationOfATinyHeapIsIgnored() {
        // The captured INFO of an empty server reports 7.71 with 7 MB resident: allocator overhead, not a problem.
        let current = sample(at: 0, changing(healthy, ["mem_fragmentation_ratio": "7.71", "used_memory_rss": "7139328", "used_memory": "967232"]))
        #expect(RedisHealth(previous: nil, current: current).warnings == [])
    }

    @Test func replicaWithBrokenLinkWarns() {
        let current = sample(at: 0, changing(healthy, ["role": "slave", "master_link_status": "down"]))
        let warnings = RedisHealth(previous: nil, current: current).warnings
        #expect(warnings == [.replicationLinkDown(linkStatus: "down")])
        #expect(warnings.map(\.kind) == [.replicationLinkDown])
        #expect(warnings.map(\.severity) == [.critical])
        #expect(warnings.map(RedisRule.sentence) == [
            "replica's link to its primary is down — it serves stale data",
        ])
    }

    @Test func hitRatioUsesTheIntervalWhenItHadLookups() {
        let previous = sample(at: 0, healthy)
        let current = sample(at: 1, changing(healthy, ["keyspace_hits": "910", "keyspace_misses": "190"]))
        #expect(RedisHealth(previous: previous, current: current).hitRatio == 0.1)
        let idle = sample(at: 2, healthy)
        #expect(RedisHealth(previous: previous, current: idle).hitRatio == 0.9)
    }

    @Test func capturedInfoIsHealthy() {
        let current = RedisSample(takenAt: Date(timeIntervalSince1970: 0), info: RedisInfo(parsing: capturedInfo), slowlog: [], duration: .zero, protocolVersion: 3)
        let health = RedisHealth(previous: nil, current: current)
        #expect(health.warnings == [])
        #expect(health.hitRatio == nil)
        #expect(health.memoryFraction == 967_120.0 / 268_435_456.0)
    }

    /// Redis evicts on used_memory less its AOF and replica buffers, so a rewrite's buffer is not "over the limit".
    @Test func theAOFBufferIsNotCountedAgainstMaxmemory() {
        let rewriting = changing(healthy, ["used_memory": "\(260 * mebibyte)", "mem_not_counted_for_evict": "\(60 * mebibyte)"])
        let health = RedisHealth(previous: nil, current: sample(at: 0, rewriting))
        #expect(health.memoryFraction == Double(200 * mebibyte) / Double(256 * mebibyte))
        #expect(!health.warnings.map(\.kind).contains(.memoryNearLimit))
    }
}
