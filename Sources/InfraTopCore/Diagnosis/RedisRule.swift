import Foundation
import InfraTopBasics
import InfraTopRedis

/// Turns what Redis's own numbers say (memory near maxmemory, evictions, noeviction near the
/// limit, persistence errors, fragmentation) into findings with their evidence.
package struct RedisRule: Sendable {
    init() {}

    package func findings(in snapshot: Snapshot) -> [Finding] {
        guard let redis = snapshot.redis else { return [] }
        let info = redis.sample.info
        var evidence: [String] = []
        if let used = info.usedMemory {
            let limit = info.maxmemory?.bytes.map { " of maxmemory \(ByteCount.text($0))" } ?? " (no maxmemory)"
            evidence.append("used_memory \(ByteCount.text(used))\(limit)")
        }
        if let policy = info.maxmemoryPolicy { evidence.append("maxmemory-policy \(policy)") }
        if let rate = redis.health.evictionsPerSecond { evidence.append("evicting \(RateText.perSecond(rate))") }
        if snapshot.status(of: .redis).state != .live, let age = snapshot.status(of: .redis).age(at: snapshot.takenAt) {
            evidence.append("as of \(DurationText.short(age)) ago")
        }
        return redis.health.warnings.map { warning in
            Finding(
                severity: warning.severity == .critical ? .critical : .warning,
                rule: "redis-\(warning.kind.rawValue)",
                cause: "Redis: \(Self.sentence(for: warning))",
                evidence: evidence,
                next: "the Redis view (4)"
            )
        }
    }

    /// What the warning means, in one sentence: what is wrong and, where it helps, what follows.
    static func sentence(for warning: RedisWarning) -> String {
        switch warning {
        case let .memoryNearLimit(percent, policy):
            "memory at \(percent)% of maxmemory (\(policy))"
        case let .writesWillFail(percent):
            "memory at \(percent)% of maxmemory with policy noeviction — writes will fail with OOM"
        case let .evicting(rate, policy):
            "evicting \(rate >= 10 ? String(Int(saturating: rate.rounded())) : String(format: "%.1f", rate)) keys/s under \(policy) — the cache is smaller than its working set"
        case let .aofWriteFailing(status):
            "the last append-only file write failed (aof_last_write_status:\(status)) — check the disk under Redis"
        case let .rdbSaveFailing(status):
            "the last RDB snapshot failed (rdb_last_bgsave_status:\(status)) — check the disk and memory under Redis"
        case let .fragmented(ratio):
            "memory fragmentation ratio is \(String(format: "%.2f", ratio)) — resident memory far exceeds the data"
        case let .replicationLinkDown(link):
            "replica's link to its primary is \(link) — it serves stale data"
        }
    }
}
