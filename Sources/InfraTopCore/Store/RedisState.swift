import Foundation
import InfraTopRedis

/// What the dashboard knows of Redis: the last good sample and the rates since the one before
/// it. Its histories live with the others, in ``ClusterHistory/redis``.
package struct RedisState: Sendable {
    package private(set) var sample: RedisSample
    package private(set) var health: RedisHealth

    package init(first sample: RedisSample) {
        self.sample = sample
        self.health = RedisHealth(previous: nil, current: sample)
    }

    /// Takes a new sample; rates come from the difference to the previous one.
    package mutating func record(_ next: RedisSample) {
        health = RedisHealth(previous: sample, current: next)
        sample = next
    }
}
