import Foundation
import InfraTopRedis

/// What the dashboard knows of Redis: the last good sample, the rates since the one before it,
/// and bounded histories for sparklines.
public struct RedisState: Sendable {
    public private(set) var sample: RedisSample
    public private(set) var health: RedisHealth
    /// Evictions per second, one value per poll (nil where no rate could be taken).
    public private(set) var evictionsPerSecond: HistoryRing<Double?>
    /// Used memory in bytes, one value per poll.
    public private(set) var usedMemory: HistoryRing<Double?>

    public init(first sample: RedisSample, historyCapacity: Int) {
        self.sample = sample
        self.health = RedisHealth(previous: nil, current: sample)
        self.evictionsPerSecond = HistoryRing(capacity: historyCapacity)
        self.usedMemory = HistoryRing(capacity: historyCapacity)
        appendHistory()
    }

    /// Takes a new sample; rates come from the difference to the previous one.
    public mutating func record(_ next: RedisSample) {
        health = RedisHealth(previous: sample, current: next)
        sample = next
        appendHistory()
    }

    private mutating func appendHistory() {
        evictionsPerSecond.append(health.evictionsPerSecond)
        usedMemory.append(sample.info.usedMemory.map(Double.init))
    }
}
