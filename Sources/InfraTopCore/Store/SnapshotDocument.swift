import Foundation

/// The model as `infratop snapshot --format json` prints it: sources, their ages and the findings.
public struct SnapshotDocument: Encodable, Sendable {
    public struct Source: Encodable, Sendable {
        public var state: SourceStatus.State
        public var reason: String?
        public var lastGoodAt: Date?
        public var ageSeconds: Double?
        public var consecutiveFailures: Int
        /// How the source was reached on its last good poll: `{"via": "direct"}` or `{"via": "pod", "pod": "redis-0"}`.
        public var reach: ReachRoute?
    }

    public var takenAt: Date
    public var context: String
    public var namespace: String
    public var refreshSeconds: Double
    public var sources: [String: Source]
    public var findings: [Finding]

    public init(snapshot: Snapshot, findings: [Finding]) {
        takenAt = snapshot.takenAt
        context = snapshot.context
        namespace = snapshot.namespace
        refreshSeconds = snapshot.refreshInterval
        var sources: [String: Source] = [:]
        for source in SourceID.allCases {
            let status = snapshot.status(of: source)
            sources[source.rawValue] = Source(
                state: status.state, reason: status.reason, lastGoodAt: status.lastGoodAt,
                ageSeconds: status.age(at: snapshot.takenAt), consecutiveFailures: status.consecutiveFailures,
                reach: status.route
            )
        }
        self.sources = sources
        self.findings = findings
    }

    /// Pretty, key-sorted JSON with ISO 8601 times, stable enough to diff.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }
}
