import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics

@Suite struct PollTimerTests {
    /// A poll that finishes only when told to.
    final class HeldPoll: @unchecked Sendable {
        private let lock = NSLock()
        private var pending: [@Sendable () -> Void] = []
        func poll(_ done: @escaping @Sendable () -> Void) { lock.withLock { pending.append(done) } }
        func finishAll() { lock.withLock { pending }.forEach { $0() }; lock.withLock { pending.removeAll() } }
        var count: Int { lock.withLock { pending.count } }
    }

    @Test func aTickThatFindsThePollStillRunningIsSkipped() async throws {
        let held = HeldPoll()
        let timer = PollTimer(label: "test", interval: 3600) { held.poll($0) }
        timer.tickForTesting()
        timer.tickForTesting()
        timer.tickForTesting()
        #expect(timer.startedPolls == 1)
        #expect(timer.skippedTicks == 2)
        #expect(held.count == 1)
        held.finishAll()
        // Completion hops back to the timer's queue; a synchronous tick after it sees the poll done.
        _ = timer.startedPolls
        timer.tickForTesting()
        #expect(timer.startedPolls == 2)
        #expect(timer.skippedTicks == 2)
    }
}

@Suite struct SourceHealthRuleTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func snapshot(_ statuses: [SourceID: SourceStatus]) -> Snapshot {
        var all: [SourceID: SourceStatus] = [:]
        for source in SourceID.allCases { all[source] = SourceStatus(state: .live, lastGoodAt: now) }
        all.merge(statuses) { _, new in new }
        return Snapshot(takenAt: now, context: "lab", namespace: "shop", refreshInterval: 2, sources: all)
    }

    @Test func liveSourcesProduceNoFinding() {
        #expect(SourceHealthRule().findings(in: snapshot([:])) == [])
    }

    @Test func aSourceWithoutACollectorIsAWarning() {
        let findings = SourceHealthRule().findings(in: snapshot([.redis: .notConnected("no client yet")]))
        #expect(findings == [Finding(severity: .warning, rule: "source-not-connected", cause: "Redis not connected: no client yet", subject: .init(source: .redis))])
    }

    @Test func oneFailedPollIsNotYetStaleButThreeAre() {
        var status = SourceStatus(state: .live, lastGoodAt: now.addingTimeInterval(-2))
        status.record(success: false, error: "connection refused by redis:6379 — is Redis running?", at: now)
        #expect(SourceHealthRule().findings(in: snapshot([.redis: status])) == [])
        status.record(success: false, error: "connection refused by redis:6379 — is Redis running?", at: now)
        status.record(success: false, error: "connection refused by redis:6379 — is Redis running?", at: now)
        let findings = SourceHealthRule().findings(in: snapshot([.redis: status]))
        #expect(findings == [Finding(
            severity: .warning, rule: "source-stale",
            cause: "Redis is not answering: connection refused by redis:6379 — is Redis running?",
            evidence: ["3 failed polls in a row", "last good data 2s ago"],
            subject: .init(source: .redis)
        )])
    }

    @Test func aSourceThatNeverAnsweredIsFlaggedAtOnce() {
        var status = SourceStatus(state: .connecting, lastAttemptAt: now)
        status.record(success: false, error: "timed out", at: now)
        let findings = SourceHealthRule().findings(in: snapshot([.kafka: status]))
        #expect(findings.map(\.evidence) == [["1 failed poll", "no data yet"]])
    }
}

@Suite struct FindingTests {
    @Test func rankingPutsTheWorstFirstAndKeepsRuleOrder() {
        let a = Finding(severity: .warning, rule: "a", cause: "a")
        let b = Finding(severity: .critical, rule: "b", cause: "b")
        let c = Finding(severity: .warning, rule: "c", cause: "c")
        let d = Finding(severity: .info, rule: "d", cause: "d")
        #expect([a, b, c, d].rankedBySeverity().map(\.rule) == ["b", "a", "c", "d"])
        #expect([a, d].worstSeverity == .warning)
        #expect([Finding]().worstSeverity == nil)
        #expect(Severity.critical.exitCode == 2)
    }

    @Test(arguments: [(0.4, "0s"), (59, "59s"), (60, "1m"), (125, "2m5s"), (3600, "1h"), (3660, "1h1m"), (86_400, "1d"), (90_000, "1d1h")])
    func shortDurations(seconds: Double, text: String) {
        #expect(DurationText.short(seconds) == text)
    }
}
