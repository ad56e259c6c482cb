import Foundation
import InfraTopBasics

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
                cause: "Redis: \(warning.message)",
                evidence: evidence,
                next: "the Redis view (4)"
            )
        }
    }
}
