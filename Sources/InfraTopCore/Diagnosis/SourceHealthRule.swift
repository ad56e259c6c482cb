import Foundation
import InfraTopBasics

/// Flags sources that are not connected or have not answered for several intervals.
///
/// A dashboard that cannot see a source must say so: silence is not health.
package struct SourceHealthRule: Sendable {
    /// Failed polls in a row before a source counts as stale.
    var staleAfterIntervals: Int

    package init(staleAfterIntervals: Int = 3) {
        self.staleAfterIntervals = staleAfterIntervals
    }

    package func findings(in snapshot: Snapshot) -> [Finding] {
        SourceID.allCases.compactMap { source in
            finding(for: source, status: snapshot.status(of: source), snapshot: snapshot)
        }
    }

    private func finding(for source: SourceID, status: SourceStatus, snapshot: Snapshot) -> Finding? {
        let name = source.displayName
        switch status.state {
        case .live:
            return nil
        case .notConnected:
            return Finding(
                severity: .warning, rule: "source-not-connected",
                cause: "\(name) not connected: \(status.reason ?? "no collector")",
                evidence: [], next: nil, subject: .init(source: source)
            )
        case .connecting:
            let waited = status.lastAttemptAt.map { snapshot.takenAt.timeIntervalSince($0) } ?? 0
            guard waited > snapshot.refreshInterval * Double(staleAfterIntervals) else { return nil }
            return Finding(severity: .warning, rule: "source-stale", cause: "\(name) has not answered yet", subject: .init(source: source))
        case .failing:
            guard status.consecutiveFailures >= staleAfterIntervals || status.lastGoodAt == nil else { return nil }
            let age = status.age(at: snapshot.takenAt).map { "last good data \(DurationText.short($0)) ago" } ?? "no data yet"
            return Finding(
                severity: .warning, rule: "source-stale",
                cause: "\(name) is not answering: \(status.reason ?? "unknown error")",
                evidence: [status.consecutiveFailures == 1 ? "1 failed poll" : "\(status.consecutiveFailures) failed polls in a row", age],
                subject: .init(source: source)
            )
        }
    }
}
