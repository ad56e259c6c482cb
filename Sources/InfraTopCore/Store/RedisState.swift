import Foundation
import InfraTopRedis

/// What the dashboard knows of Redis: the last good sample and the rates since the one before
/// it. Its histories live with the others, in ``ClusterHistory/redis``.
public struct RedisState: Sendable {
    public private(set) var sample: RedisSample
    public private(set) var health: RedisHealth

    public init(first sample: RedisSample) {
        self.sample = sample
        self.health = RedisHealth(previous: nil, current: sample)
    }

    /// Takes a new sample; rates come from the difference to the previous one.
    public mutating func record(_ next: RedisSample) {
        health = RedisHealth(previous: sample, current: next)
        sample = next
    }
}
