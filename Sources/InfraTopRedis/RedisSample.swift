import Foundation

/// The result of one successful poll of a Redis server.
package struct RedisSample: Sendable, Hashable, Codable {
    /// When the poll started; rates are computed between the `takenAt` of two samples.
    package var takenAt: Date
    package var info: RedisInfo
    /// The newest slow commands, newest first.
    package var slowlog: [RedisSlowlogEntry]
    /// Why ``slowlog`` is empty although there may be entries (SLOWLOG renamed or not permitted); nil when it was read.
    package var slowlogUnavailableReason: String?
    /// How long the poll took, connecting included when it had to.
    package var duration: Duration
    /// The RESP version the connection speaks: 3, or 2 on servers without HELLO.
    package var protocolVersion: Int

    package init(takenAt: Date, info: RedisInfo, slowlog: [RedisSlowlogEntry], slowlogUnavailableReason: String? = nil, duration: Duration, protocolVersion: Int) {
        self.takenAt = takenAt
        self.info = info
        self.slowlog = slowlog
        self.slowlogUnavailableReason = slowlogUnavailableReason
        self.duration = duration
        self.protocolVersion = protocolVersion
    }
}
