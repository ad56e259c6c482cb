import Foundation
import InfraTopCore
import InfraTopMongo
import Testing
@testable import InfraTopUI

/// View 7 and the Overview's mongodb panel, from two samples a poll apart: a primary whose cache
/// is 25% dirty, with one secondary 30 s behind and another down.
@Suite struct MongoViewTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    static func sample(at time: Date, inserts: Int, bytesIn: Int) -> MongoSample {
        MongoSample(
            takenAt: time, role: .primary, setName: "rs0", version: "6.0.13", host: "mongodb-0", processID: 7,
            uptimeSeconds: 90_000, serverTime: time,
            connections: .init(current: 950, available: 50, totalCreated: 4000),
            opcounters: .init(insert: inserts, query: 4000, update: 300, delete: 10, getmore: 0, command: 9000),
            cache: .init(bytesInCache: 200 * 1_048_576, trackedDirtyBytes: 64 * 1_048_576, maximumBytes: 256 * 1_048_576),
            globalLock: .init(queuedReaders: 3, queuedWriters: 0, activeReaders: 1, activeWriters: 2),
            residentMiB: 700, network: .init(bytesIn: bytesIn, bytesOut: 8_000_000, requests: 100),
            replicaSet: .init(name: "rs0", date: time, members: [
                .init(id: 0, name: "mongodb-0.mongodb-headless.e-commerce-saga.svc.cluster.local:27017", stateName: "PRIMARY",
                      isHealthy: true, optimeDate: time, isSelf: true),
                .init(id: 1, name: "mongodb-1.mongodb-headless.e-commerce-saga.svc.cluster.local:27017", stateName: "SECONDARY",
                      isHealthy: true, optimeDate: time.addingTimeInterval(-30), lagSeconds: 30),
                .init(id: 2, name: "mongodb-2.mongodb-headless.e-commerce-saga.svc.cluster.local:27017", stateName: "(not reachable/healthy)",
                      isHealthy: false, optimeDate: nil),
            ]))
    }

    static func snapshot() -> Snapshot {
        let start = ScreenTests.now.addingTimeInterval(-2)
        var store = Store(notConnectedReasons: [:])
        store.record(sample(at: start, inserts: 1000, bytesIn: 1_000_000), at: start)
        store.record(sample(at: ScreenTests.now, inserts: 1100, bytesIn: 1_204_800), at: ScreenTests.now)
        return store.snapshot(at: ScreenTests.now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
    }

    static func render(_ view: ViewID, width: Int = 120, height: Int = 30) -> [String] {
        canvas(view, width: width, height: height).lines
    }

    static func canvas(_ view: ViewID, width: Int = 120, height: Int = 30) -> Canvas {
        let snapshot = snapshot()
        var state = AppState()
        state.view = view
        let frame = Frame(snapshot: snapshot, findings: Diagnosis().findings(for: snapshot), state: state,
                          theme: .default, timeZone: TimeZone(identifier: "UTC") ?? .current)
        return Screen.render(frame, width: width, height: height).canvas
    }

    @Test func theViewShowsServerOperationsCacheAndMembersWithTheirFindings() {
        expectScreen(Self.canvas(.mongodb), [
            " infratop  1 Overview  2 Pods  3 Kafka  4 Redis  5 Logs  6 Scaling  7 MongoDB                   1 critical · 7 warnings ",
            " critical  MongoDB: rs0 member mongodb-2:27017 is (not reachable/healthy), unreachable from the primary                 ",
            " warning   MongoDB: WiredTiger cache 25% dirty (above 20%) — writes outpace checkpoints and application threads must evi",
            " warning   MongoDB: 950 of 1000 connections in use — new clients will be refused                                        ",
            "┌ Server ──────────────────────────────────────────── live ┐┌ Operations ──────────────────────────────────────── live ┐",
            "│ role primary of rs0  version 6.0.13                      ││ insert 50/s  query 0/s  update 0/s                       │",
            "│ uptime 1d1h  host mongodb-0                              ││ delete 0/s  getmore 0/s  command 0/s                     │",
            "│ connections 950  available 50                            ││ net in 100Ki/s  out 0B/s                                 │",
            "│ readers active 1  queued 3                               ││ ops                                                    █ │",
            "│ writers active 2  queued 0                               ││                                                          │",
            "│ resident 700Mi  limit –                                  ││                                                          │",
            "│                                                          ││                                                          │",
            "│                                                          ││                                                          │",
            "│                                                          ││                                                          │",
            "│                                                          ││                                                          │",
            "└──────────────────────────────────────────────────────────┘└──────────────────────────────────────────────────────────┘",
            "┌ WiredTiger cache ────────────────────────────────── live ┐┌ Replica set ─────────────────────────────────────── live ┐",
            "│ used  ███████████████████████████████████░░░░░░░░░░  78% ││ MEMBER                       STATE        HEALTH     LAG │",
            "│ dirty ███████████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░  25% ││ mongodb-0:27017 *            PRIMARY      ok           – │",
            "│ used 200Mi  dirty 64Mi  max 256Mi                        ││ mongodb-1:27017              SECONDARY    ok         30s │",
            "│ cache                                                 ▆▆ ││ mongodb-2:27017              (not reacha… down         – │",
            "│                                                          ││                                                          │",
            "│                                                          ││                                                          │",
            "│                                                          ││                                                          │",
            "│                                                          ││                                                          │",
            "│                                                          ││                                                          │",
            "│                                                          ││                                                          │",
            "└──────────────────────────────────────────────────────────┘└──────────────────────────────────────────────────────────┘",
            " ctx lab ns e-commerce-saga 11:06:40 every 2s  k8s off kafka off zk off redis off mongo 0s                              ",
            " q quit  ? help  1-7 views  tab focus  / filter  enter open  esc back  t theme  r refresh                               ",
        ])
    }

    @Test func theOverviewPanelSumsItUpAsMongostatWould() {
        let lines = Self.render(.overview, width: 140, height: 40)
        #expect(Array(lines[10...15]).map { String($0.prefix(35)) } == [
            "┌ mongodb ─────────────────── sts ┐",
            "│ pods not connected              │",
            "│ primary of rs0  conn 950        │",
            "│ ops 50/s  qr|qw 3|0             │",
            "│ cache 78%  dirty 25%            │",
            "│ members 3  lag 30s  1 down      │",
        ])
    }

    @Test func findingsNameTheirSubjectAndEvidence() throws {
        let findings = Diagnosis().findings(for: Self.snapshot()).filter { $0.rule.hasPrefix("mongodb-") }
        #expect(findings.map(\.rule) == ["mongodb-member-unhealthy", "mongodb-cache-dirty", "mongodb-connections", "mongodb-member-lagging"])
        let lagging = try #require(findings.first { $0.rule == "mongodb-member-lagging" })
        #expect(lagging.subject == Finding.Subject(component: "mongodb", source: .mongodb, pods: ["mongodb-1"]))
        #expect(lagging.evidence == ["replSetGetStatus: mongodb-1.mongodb-headless.e-commerce-saga.svc.cluster.local:27017 optimeDate 30 s behind the primary's"])
        let dirty = try #require(findings.first { $0.rule == "mongodb-cache-dirty" })
        #expect(dirty.evidence == ["cache 200Mi used, 64Mi dirty of 256Mi configured"])
        #expect(dirty.subject == Finding.Subject(component: "mongodb", source: .mongodb))
        #expect(findings.first { $0.rule == "mongodb-member-unhealthy" }?.subject?.pods == ["mongodb-2"])
    }

    @Test func aFullCacheIsCriticalAndAHealthyServerHasNoFindings() {
        var store = Store(notConnectedReasons: [:])
        let full = MongoSample(takenAt: ScreenTests.now, role: .standalone,
                               connections: .init(current: 10, available: 990),
                               cache: .init(bytesInCache: 250 * 1_048_576, trackedDirtyBytes: 1_048_576, maximumBytes: 256 * 1_048_576))
        store.record(full, at: ScreenTests.now)
        let snapshot = store.snapshot(at: ScreenTests.now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        let findings = MongoRule().findings(in: snapshot)
        #expect(findings.map(\.rule) == ["mongodb-cache-full"])
        #expect(findings.first?.severity == .critical)

        var healthy = Store(notConnectedReasons: [:])
        var calm = full
        calm.cache = .init(bytesInCache: 100 * 1_048_576, trackedDirtyBytes: 1_048_576, maximumBytes: 256 * 1_048_576)
        healthy.record(calm, at: ScreenTests.now)
        #expect(MongoRule().findings(in: healthy.snapshot(at: ScreenTests.now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)).isEmpty)
    }

    @Test func anOldRecordingWithoutMongoDBStillDecodes() throws {
        var snapshot = Self.snapshot()
        let data = try JSONEncoder().encode(snapshot)
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object.removeValue(forKey: "mongodb")
        var sources = try #require(object["sources"] as? [String: Any])
        sources.removeValue(forKey: "mongodb")
        object["sources"] = sources
        let old = try JSONDecoder().decode(Snapshot.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(old.mongodb == nil)
        #expect(old.status(of: .mongodb).state == .notConnected)
        snapshot = try JSONDecoder().decode(Snapshot.self, from: data)
        #expect(snapshot.mongodb?.sample.connections.current == 950)
    }
}
