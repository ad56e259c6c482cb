import Foundation
import InfraTopBasics

/// Per-second rates from two consecutive samples of one mongod, as mongostat shows them.
///
/// Pure: the same two samples always give the same rates. The interval is the step of the
/// server's own clock (`serverStatus.localTime`) when both samples carry it, which leaves out
/// the time the replies spent on the network, else the step of the client's clock. A server
/// that restarted in between (a new pid, or uptime going backwards) gives no rates for that
/// interval; a single counter that went backwards gives none for itself.
package struct MongoRates: Sendable, Hashable {
    /// Seconds between the samples; nil without a previous sample or when it is not positive.
    package var interval: TimeInterval?
    /// Whether the server restarted between the samples.
    package var restarted: Bool
    package var inserts: Double?
    package var queries: Double?
    package var updates: Double?
    package var deletes: Double?
    package var getmores: Double?
    package var commands: Double?
    /// Bytes received by the server per second.
    package var bytesIn: Double?
    /// Bytes sent by the server per second.
    package var bytesOut: Double?
    package var requests: Double?
    /// New connections per second.
    package var connectionsCreated: Double?

    package init(previous: MongoSample?, current: MongoSample) {
        let interval: TimeInterval? = previous.flatMap { previous in
            let seconds: TimeInterval
            if let now = current.serverTime, let before = previous.serverTime {
                seconds = now.timeIntervalSince(before)
            } else {
                seconds = current.takenAt.timeIntervalSince(previous.takenAt)
            }
            return seconds > 0 ? seconds : nil
        }
        let restarted = previous.map { Self.restarted(from: $0, to: current) } ?? false
        self.interval = interval
        self.restarted = restarted
        let usable = restarted ? nil : interval

        func rate(_ field: KeyPath<MongoSample, Int?>) -> Double? {
            guard let usable, let now = current[keyPath: field], let before = previous?[keyPath: field], now >= before else {
                return nil
            }
            return Double(now.subtractingSaturated(before)) / usable
        }
        inserts = rate(\.opcounters.insert)
        queries = rate(\.opcounters.query)
        updates = rate(\.opcounters.update)
        deletes = rate(\.opcounters.delete)
        getmores = rate(\.opcounters.getmore)
        commands = rate(\.opcounters.command)
        bytesIn = rate(\.network.bytesIn)
        bytesOut = rate(\.network.bytesOut)
        requests = rate(\.network.requests)
        connectionsCreated = rate(\.connections.totalCreated)
    }

    /// Whether the server restarted between the samples: another process, or uptime going backwards.
    package static func restarted(from earlier: MongoSample, to current: MongoSample) -> Bool {
        if let now = current.processID, let before = earlier.processID, now != before { return true }
        if let now = current.uptimeSeconds, let before = earlier.uptimeSeconds, now < before { return true }
        return false
    }
}
