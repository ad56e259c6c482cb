import Foundation
import InfraTopBasics

/// One poll of a ZooKeeper server: its own statistics and what Kafka registered in it.
///
/// Parts the server would not give are nil, with the reason in `notes`; a sample exists only
/// when the server was reachable.
package struct ZooKeeperSample: Sendable, Equatable, Codable {
    package var endpoint: Endpoint
    /// When the poll started.
    package var takenAt: Date
    /// How long the poll took, in seconds.
    package var duration: TimeInterval
    /// From `srvr`.
    package var server: ZooKeeperServerStats?
    /// From `mntr`; nil when the server does not allow it (ZooKeeper 3.5+ allows only `srvr` by default).
    package var monitor: ZooKeeperMonitorValues?
    /// From the jute session.
    package var kafka: KafkaRegistrations?
    /// True when the server is cut off from its quorum and serves reads only; nil without a session.
    package var isReadOnly: Bool?
    /// infratop's own session, kept from poll to poll; nil without one. A new id means the
    /// connection broke and was reopened.
    package var sessionID: Int64?
    /// Things a person should know that did not fail the poll, one sentence each:
    /// a four-letter word that is not allowed, a missing znode, unreadable JSON.
    package var notes: [String]

    package init(
        endpoint: Endpoint, takenAt: Date, duration: TimeInterval,
        server: ZooKeeperServerStats?, monitor: ZooKeeperMonitorValues?, kafka: KafkaRegistrations?,
        isReadOnly: Bool?, sessionID: Int64? = nil, notes: [String]
    ) {
        self.endpoint = endpoint
        self.takenAt = takenAt
        self.duration = duration
        self.server = server
        self.monitor = monitor
        self.kafka = kafka
        self.isReadOnly = isReadOnly
        self.sessionID = sessionID
        self.notes = notes
    }

    /// The server's role, from `srvr` or else `mntr`.
    package var mode: ZooKeeperMode? { server?.mode ?? monitor?.serverState }
}
