import Foundation
import InfraTopBasics

/// Numbers derived from two consecutive samples of one Redis server, and the warnings they raise.
///
/// Pure: the same two samples always give the same health. Rates need both
/// samples; a counter that went down (or an uptime that did) means the server
/// restarted in between, so that interval has no rate rather than a negative one.
package struct RedisHealth: Sendable, Hashable {
    /// Seconds between the two samples; nil without a previous sample.
    package var interval: TimeInterval?
    /// Keys evicted per second over the interval.
    package var evictionsPerSecond: Double?
    /// Commands processed per second over the interval.
    package var operationsPerSecond: Double?
    /// Keyspace hits / (hits + misses): over the interval when there were lookups
    /// in it, otherwise since the server started; nil when there were never any.
    package var hitRatio: Double?
    /// used_memory / maxmemory; nil when there is no limit.
    package var memoryFraction: Double?
    /// Change of used_memory per second over the interval (negative when shrinking).
    package var memoryGrowthBytesPerSecond: Double?
    /// Seconds until used_memory reaches maxmemory at the current growth; nil when
    /// memory is not growing or there is no limit.
    package var timeUntilMaxmemory: TimeInterval?
    /// Most severe first.
    package var warnings: [RedisWarning]

    /// Memory use at which the limit counts as near.
    package static let nearLimitFraction = 0.9
    /// Fragmentation above this wastes memory worth a look.
    static let fragmentationThreshold = 1.5
    /// Below this resident size the allocator's fixed overhead dominates and the ratio means nothing.
    static let fragmentationMinimumRSS = 32 * 1024 * 1024

    package init(previous: RedisSample?, current: RedisSample) {
        let info = current.info
        let earlier = previous.map(\.info)
        let seconds = previous.map { current.takenAt.timeIntervalSince($0.takenAt) }
        let restarted = Self.restarted(from: earlier, to: info)
        let usableSeconds = (seconds ?? 0) > 0 && !restarted ? seconds : nil

        func rate(_ field: KeyPath<RedisInfo, Int?>) -> Double? {
            guard let usableSeconds, let now = info[keyPath: field], let before = earlier?[keyPath: field], now >= before else {
                return nil
            }
            return (Double(now) - Double(before)) / usableSeconds
        }

        interval = seconds
        evictionsPerSecond = rate(\.evictedKeys)
        operationsPerSecond = rate(\.totalCommandsProcessed)
        hitRatio = Self.hitRatio(previous: restarted ? nil : earlier, current: info)

        let limit = info.maxmemory?.bytes
        // Redis evicts when used_memory less its AOF and replica buffers passes maxmemory; so is the fraction.
        if let limit, limit > 0, let used = info.memoryCountedForEviction {
            memoryFraction = Double(used) / Double(limit)
        } else {
            memoryFraction = nil
        }
        if let usableSeconds, let used = info.memoryCountedForEviction, let before = earlier?.memoryCountedForEviction {
            let growth = (Double(used) - Double(before)) / usableSeconds
            memoryGrowthBytesPerSecond = growth
            if let limit, growth > 0 {
                timeUntilMaxmemory = max(0, (Double(limit) - Double(used)) / growth)
            } else {
                timeUntilMaxmemory = nil
            }
        } else {
            memoryGrowthBytesPerSecond = nil
            timeUntilMaxmemory = nil
        }

        warnings = Self.warnings(info: info, memoryFraction: memoryFraction, evictionsPerSecond: evictionsPerSecond)
    }

    /// Whether the server restarted between the samples: uptime or a lifetime counter went backwards.
    static func restarted(from earlier: RedisInfo?, to current: RedisInfo) -> Bool {
        guard let earlier else { return false }
        let monotonic: [KeyPath<RedisInfo, Int?>] = [\.uptimeInSeconds, \.totalCommandsProcessed]
        return monotonic.contains { field in
            guard let now = current[keyPath: field], let before = earlier[keyPath: field] else { return false }
            return now < before
        }
    }

    private static func hitRatio(previous: RedisInfo?, current: RedisInfo) -> Double? {
        guard let hits = current.keyspaceHits, let misses = current.keyspaceMisses else { return nil }
        if let previous, let hitsBefore = previous.keyspaceHits, let missesBefore = previous.keyspaceMisses,
           hits >= hitsBefore, misses >= missesBefore {
            let lookups = (Double(hits) - Double(hitsBefore)) + (Double(misses) - Double(missesBefore))
            if lookups > 0 { return (Double(hits) - Double(hitsBefore)) / lookups }
        }
        let lookups = Double(hits) + Double(misses)
        return lookups > 0 ? Double(hits) / lookups : nil
    }

    private static func warnings(info: RedisInfo, memoryFraction: Double?, evictionsPerSecond: Double?) -> [RedisWarning] {
        var warnings: [RedisWarning] = []
        let policy = info.maxmemoryPolicy ?? "unknown"

        if let memoryFraction, memoryFraction >= nearLimitFraction {
            let percent = Int(saturating: (memoryFraction * 100).rounded(.down))
            warnings.append(policy == "noeviction" ? .writesWillFail(percent: percent) : .memoryNearLimit(percent: percent, policy: policy))
        }
        if let evictionsPerSecond, evictionsPerSecond > 0 {
            warnings.append(.evicting(keysPerSecond: evictionsPerSecond, policy: policy))
        }
        if let status = info.aofLastWriteStatus, status != "ok", info.isAOFEnabled != false {
            warnings.append(.aofWriteFailing(status: status))
        }
        if let status = info.rdbLastBackgroundSaveStatus, status != "ok" {
            warnings.append(.rdbSaveFailing(status: status))
        }
        if let ratio = info.memoryFragmentationRatio, ratio > fragmentationThreshold,
           let rss = info.usedMemoryRSS, rss >= fragmentationMinimumRSS {
            warnings.append(.fragmented(ratio: ratio))
        }
        if info.role == "slave", let link = info.masterLinkStatus, link != "up" {
            warnings.append(.replicationLinkDown(linkStatus: link))
        }
        // Stable order: most severe first, then in the order raised above.
        return warnings.enumerated()
            .sorted { ($0.element.severity, -$0.offset) > ($1.element.severity, -$1.offset) }
            .map(\.element)
    }
}
