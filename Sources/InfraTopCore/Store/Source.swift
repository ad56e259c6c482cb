import Foundation

/// The data sources infratop polls; each has one collector.
package enum SourceID: String, CaseIterable, Codable, Sendable, Comparable {
    case kubernetes
    case kafka
    case zookeeper
    case redis
    case mongodb

    /// The name shown on screen.
    package var displayName: String {
        switch self {
        case .kubernetes: "Kubernetes"
        case .kafka: "Kafka"
        case .zookeeper: "ZooKeeper"
        case .redis: "Redis"
        case .mongodb: "MongoDB"
        }
    }

    package static func < (lhs: SourceID, rhs: SourceID) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What the dashboard knows about one source: whether it answers, and how old its last good data is.
package struct SourceStatus: Sendable, Equatable, Codable {
    package enum State: String, Sendable, Codable {
        /// No collector runs for this source; `reason` says why.
        case notConnected
        /// A collector runs but has not answered yet.
        case connecting
        /// The last poll succeeded.
        case live
        /// The last poll failed; the last good data (if any) is stale.
        case failing
    }

    package var state: State
    /// Why the source is not connected, or the latest error as a sentence.
    package var reason: String?
    package var lastGoodAt: Date?
    package var lastAttemptAt: Date?
    package var consecutiveFailures: Int
    /// How the source was reached on its last good poll: directly or through a pod's tunnel.
    package var route: ReachRoute?

    package init(state: State, reason: String? = nil, lastGoodAt: Date? = nil, lastAttemptAt: Date? = nil, consecutiveFailures: Int = 0) {
        self.state = state
        self.reason = reason
        self.lastGoodAt = lastGoodAt
        self.lastAttemptAt = lastAttemptAt
        self.consecutiveFailures = consecutiveFailures
    }

    /// A source with no collector behind it.
    package static func notConnected(_ reason: String) -> SourceStatus {
        SourceStatus(state: .notConnected, reason: reason)
    }

    /// Seconds since the last good data, or nil when there never was any.
    package func age(at now: Date) -> TimeInterval? {
        lastGoodAt.map { max(0, now.timeIntervalSince($0)) }
    }

    /// Records the outcome of one poll.
    package mutating func record(success: Bool, error: String? = nil, at time: Date) {
        lastAttemptAt = time
        if success {
            state = .live
            reason = nil
            lastGoodAt = time
            consecutiveFailures = 0
        } else {
            state = .failing
            reason = error
            consecutiveFailures += 1
        }
    }
}
