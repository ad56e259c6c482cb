import Foundation
import NIOCore
import Testing
import InfraTopBasics
import InfraTopCore
import InfraTopMongo
import InfraTopUI

/// The MongoDB panel and view as the dashboard draws them, and the JSON model, fed by the real
/// collector from the lab's stand-in (MockupDB, logged in with SCRAM-SHA-256).
@MainActor
@Suite(.serialized, .enabled(if: MongoStandIn.isAvailable, "needs python3 with PyPI's mockupdb and pymongo"))
struct MongoPanelTests {
    init() { TerminalLocale.activateUTF8ForTesting() }

    func collectors(_ standIn: MongoStandIn) -> Collectors {
        let url = MongoURL(host: "127.0.0.1", port: standIn.port, username: MongoStandIn.Served.user, password: Secret(standIn.password))
        let collector = MongoCollector(configuration: MongoCollector.Configuration(
            url: url, connection: MongoConnection.Configuration(connectTimeout: .seconds(5), requestTimeout: .seconds(5))))
        let collectors = Collectors(store: Store(notConnectedReasons: [:]))
        collectors.add(.mongodb, interval: 3600, poll: { collector.poll(completion: $0) },
                       record: { store, sample, time in store.record(sample, at: time) }, close: { collector.close() })
        return collectors
    }

    func snapshot(_ collectors: Collectors, at time: Date = Date()) -> Snapshot {
        collectors.store.snapshot(at: time, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
    }

    func screen(_ collectors: Collectors, view: ViewID = .mongodb, at time: Date = Date()) -> [String] {
        let snapshot = snapshot(collectors, at: time)
        var state = AppState()
        state.view = view
        let frame = Frame(snapshot: snapshot, findings: Diagnosis().findings(for: snapshot), state: state, theme: .default)
        return Screen.render(frame, width: 120, height: 30).canvas.lines
    }

    /// Two polls a second apart, so rates exist.
    func twoPolls(_ collectors: Collectors) async throws {
        await collectors.collectOnce(timeout: 10)
        try await Task.sleep(for: .milliseconds(1_100))
        await collectors.collectOnce(timeout: 10)
    }

    @Test func theViewAndPanelShowTheStandInsFigures() async throws {
        let standIn = try MongoStandIn()
        defer { standIn.stop() }
        try standIn.start()
        let collectors = collectors(standIn)
        defer { collectors.stop() }
        try await twoPolls(collectors)
        #expect(collectors.store.statuses[.mongodb]?.state == .live)

        let lines = screen(collectors)
        let text = lines.joined(separator: "\n")
        // The figures the stand-in serves as they are, cell for cell (the panels' left halves).
        #expect(lines[1].hasPrefix("┌ Server ─") && lines[1].contains(" live ┐"), "\(text)")
        #expect(lines[2].hasPrefix("│ role standalone  version 6.0.13 "), "\(text)")
        #expect(lines[3].contains(/^│ uptime \d+s  host mongodb-0\s/), "\(text)")
        #expect(lines[4].hasPrefix("│ connections 12  available 838848 "), "\(text)")
        #expect(lines[5].hasPrefix("│ readers active 4  queued 1 "), "\(text)")
        #expect(lines[6].hasPrefix("│ writers active 5  queued 2 "), "\(text)")
        #expect(lines[7].hasPrefix("│ resident 187Mi  limit – "), "\(text)")
        // Rates: the stand-in adds fixed steps per serverStatus, divided by its clock's step.
        #expect(lines[2].contains(/│ insert \d+(\.\d)?\/s  query \d+(\.\d)?\/s  update \d+(\.\d)?\/s/), "\(text)")
        #expect(lines[3].contains(/│ delete \d+(\.\d)?\/s  getmore \d+(\.\d)?\/s  command \d+(\.\d)?\/s/), "\(text)")
        #expect(lines[4].contains(/│ net in \d+(\.\d)?(Ki|Mi)?B?\/s  out \d+(\.\d)?(Ki|Mi)?B?\/s/), "\(text)")
        let cache = try #require(lines.firstIndex { $0.hasPrefix("┌ WiredTiger cache ─") }, "\(text)")
        #expect(lines[cache + 1].contains(/^│ used  █+░+  56% │/), "\(text)")
        #expect(lines[cache + 2].contains(/^│ dirty ██░+   4% │/), "\(text)")
        #expect(lines[cache + 3].hasPrefix("│ used 144Mi  dirty 12Mi  max 256Mi "), "\(text)")
        #expect(lines[cache].contains("┌ Replica set ─"), "\(text)")
        #expect(lines[cache + 2].hasSuffix("││                standalone: no replica set                │"), "\(text)")

        // The rates are the server's counter steps over its own clock's steps.
        let rates = try #require(collectors.store.mongodb?.rates)
        let interval = try #require(rates.interval)
        #expect(abs(try #require(rates.inserts) - Double(MongoStandIn.Served.steps.insert) / interval) < 0.001)

        let overview = screen(collectors, view: .overview).joined(separator: "\n")
        #expect(overview.contains("standalone  conn 12"), "\(overview)")
        #expect(overview.contains(/ops \d+(\.\d)?k?\/s  qr\|qw 1\|2/), "\(overview)")
        #expect(overview.contains("cache 56%  dirty 4%"), "\(overview)")
        #expect(!text.contains(standIn.password) && !overview.contains(standIn.password))
    }

    @Test func theJSONModelCarriesTheFiguresWithTheSourceLive() async throws {
        let standIn = try MongoStandIn()
        defer { standIn.stop() }
        try standIn.start()
        let collectors = collectors(standIn)
        defer { collectors.stop() }
        try await twoPolls(collectors)
        let snapshot = snapshot(collectors)
        let assessment = Assessment(snapshot: snapshot, diagnosis: Diagnosis())
        let data = try SnapshotDocument(snapshot: snapshot, assessment: assessment).encoded()
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let sources = try #require(document["sources"] as? [String: Any])
        #expect((sources["mongodb"] as? [String: Any])?["state"] as? String == "live")
        let mongodb = try #require(document["mongodb"] as? [String: Any])
        #expect(mongodb["role"] as? String == "standalone")
        #expect(mongodb["version"] as? String == "6.0.13")
        #expect((mongodb["connections"] as? [String: Any])?["current"] as? Int == 12)
        #expect((mongodb["cache"] as? [String: Any])?["maximumBytes"] as? Int == 268_435_456)
        #expect((mongodb["cache"] as? [String: Any])?["dirtyBytes"] as? Int == 12_582_912)
        #expect(mongodb["residentBytes"] as? Int == 187 * 1_048_576)
        let rates = try #require(mongodb["rates"] as? [String: Any])
        #expect((rates["insertsPerSecond"] as? Double ?? 0) > 0)
        let json = String(decoding: data, as: UTF8.self)
        #expect(!json.contains(standIn.password))
    }

    @Test func aKilledStandInMakesTheViewStaleWithItsAgeAndARestartBringsItBack() async throws {
        let standIn = try MongoStandIn()
        defer { standIn.stop() }
        try standIn.start()
        let collectors = collectors(standIn)
        defer { collectors.stop() }
        await collectors.collectOnce(timeout: 10)
        #expect(screen(collectors).contains { $0.hasPrefix("┌ Server ─") && $0.contains(" live ┐") })

        standIn.stop()
        await collectors.collectOnce(timeout: 10)
        #expect(collectors.store.statuses[.mongodb]?.state == .failing)
        let later = Date().addingTimeInterval(40)
        let stale = screen(collectors, at: later)
        let staleText = stale.joined(separator: "\n")
        #expect(stale.contains { $0.hasPrefix("┌ Server ─") && $0.contains(/\sstale \d+s ┐/) }, "\(staleText)")
        // The last good figures stay, with their age, instead of vanishing or being invented.
        #expect(stale.contains { $0.hasPrefix("│ connections 12  available 838848 ") }, "\(staleText)")
        let overview = screen(collectors, view: .overview, at: later).joined(separator: "\n")
        #expect(overview.contains(/┌ mongodb ─+ stale \d+s ┐/), "\(overview)")

        try standIn.start()
        await collectors.collectOnce(timeout: 10)
        #expect(collectors.store.statuses[.mongodb]?.state == .live)
        #expect(screen(collectors).contains { $0.hasPrefix("┌ Server ─") && $0.contains(" live ┐") })
    }

    @Test func theReplicaSetShowsTheLaggingMemberAndItsFinding() async throws {
        let standIn = try MongoStandIn()
        defer { standIn.stop() }
        try standIn.setTopology("replset")
        try standIn.start()
        try standIn.setTopology("replset")
        let collectors = collectors(standIn)
        defer { collectors.stop() }
        await collectors.collectOnce(timeout: 10)
        let lines = screen(collectors)
        let text = lines.joined(separator: "\n")
        #expect(lines.contains { $0.contains(" warning   MongoDB: rs0 secondary mongodb-2:27017 is 42s behind the primary") }, "\(text)")
        #expect(lines.contains { $0.contains("│ role primary of rs0  version 6.0.13 ") }, "\(text)")
        #expect(lines.contains { $0.hasSuffix("││ MEMBER                       STATE        HEALTH     LAG │") }, "\(text)")
        #expect(lines.contains { $0.hasSuffix("││ mongodb-0:27017 *            PRIMARY      ok           – │") }, "\(text)")
        #expect(lines.contains { $0.hasSuffix("││ mongodb-1:27017              SECONDARY    ok          0s │") }, "\(text)")
        #expect(lines.contains { $0.hasSuffix("││ mongodb-2:27017              SECONDARY    ok         42s │") }, "\(text)")
        let snapshot = snapshot(collectors)
        let lagging = Diagnosis().findings(for: snapshot).filter { $0.rule == "mongodb-member-lagging" }
        #expect(lagging.count == 1)
        #expect(lagging.first?.subject == Finding.Subject(component: "mongodb", source: .mongodb, pods: ["mongodb-2"]))
        let overview = screen(collectors, view: .overview).joined(separator: "\n")
        #expect(overview.contains("members 3  lag 42s"), "\(overview)")
    }

    @Test func thePasswordIsNeverOnScreenInTheJSONInARecordingOrInAnError() async throws {
        let standIn = try MongoStandIn()
        defer { standIn.stop() }
        try standIn.setTopology("replset")
        try standIn.start()
        let collectors = collectors(standIn)
        defer { collectors.stop() }
        try await twoPolls(collectors)
        // A wrong password: the failure is a sentence, never an echo of what was tried.
        let wrong = MongoCollector(configuration: MongoCollector.Configuration(
            url: MongoURL(host: "127.0.0.1", port: standIn.port, username: MongoStandIn.Served.user, password: Secret(standIn.password + "x"))))
        defer { wrong.close() }
        let failure = await wrong.poll().collectorFailure ?? ""
        #expect(!failure.isEmpty)

        let snapshot = snapshot(collectors)
        let assessment = Assessment(snapshot: snapshot, diagnosis: Diagnosis())
        var outputs = [failure, String(decoding: try SnapshotDocument(snapshot: snapshot, assessment: assessment).encoded(), as: UTF8.self),
                       String(decoding: try JSONEncoder().encode(snapshot), as: UTF8.self)]
        for view in ViewID.allCases {
            outputs.append(screen(collectors, view: view).joined(separator: "\n"))
        }
        for output in outputs {
            #expect(!output.contains(standIn.password))
            #expect(!output.contains(String(standIn.password.dropFirst(5))))
        }
    }
}
