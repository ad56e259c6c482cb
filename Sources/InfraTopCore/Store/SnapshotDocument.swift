import Foundation

/// The model as `infratop snapshot --format json` prints it: sources, their ages and the findings.
package struct SnapshotDocument: Encodable, Sendable {
    package struct Source: Encodable, Sendable {
        package var state: SourceStatus.State
        package var reason: String?
        package var lastGoodAt: Date?
        var ageSeconds: Double?
        var consecutiveFailures: Int
        /// How the source was reached on its last good poll: `{"via": "direct"}` or `{"via": "pod", "pod": "redis-0"}`.
        package var reach: ReachRoute?
    }

    package var takenAt: Date
    package var context: String
    package var namespace: String
    var refreshSeconds: Double
    package var sources: [String: Source]
    package var findings: [Finding]

    package init(snapshot: Snapshot, findings: [Finding]) {
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
    package func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }
}
