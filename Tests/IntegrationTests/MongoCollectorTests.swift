import Foundation
import NIOCore
import Testing
import InfraTopBasics
import InfraTopKubernetes
import InfraTopMongo

extension MongoCollector {
    /// One poll, awaited.
    func poll() async -> Result<MongoSample, CollectorError> {
        await withCheckedContinuation { continuation in
            poll { continuation.resume(returning: $0) }
        }
    }
}

extension Result where Failure == CollectorError {
    var collectorFailure: String? {
        if case .failure(let error) = self { return error.message }
        return nil
    }
}

private func collector(_ standIn: MongoStandIn, user: String? = MongoStandIn.Served.user, password: String?,
                       timeout: TimeAmount = .seconds(5), dialer: any Dialer = DirectDialer()) -> MongoCollector {
    MongoCollector(configuration: MongoCollector.Configuration(
        url: MongoURL(host: "127.0.0.1", port: standIn.port, username: user, password: password.map(Secret.init)),
        connection: MongoConnection.Configuration(connectTimeout: timeout, requestTimeout: timeout, dialer: dialer)))
}

/// The collector against the lab's MongoDB stand-in (MockupDB), one of its own per test: the
/// figures it serves are fixed or step by fixed amounts per serverStatus, so they are compared exactly.
@Suite(.serialized, .enabled(if: MongoStandIn.isAvailable, "needs python3 with PyPI's mockupdb and pymongo"))
struct MongoCollectorTests {
    typealias Served = MongoStandIn.Served

    @Test func standaloneFiguresAreWhatTheStandInServes() async throws {
        let standIn = try MongoStandIn()
        defer { standIn.stop() }
        try standIn.start()
        let mongo = collector(standIn, password: standIn.password)
        defer { mongo.close() }

        let first = try await mongo.poll().get()
        try await Task.sleep(for: .milliseconds(1_100))
        let second = try await mongo.poll().get()

        #expect(first.role == .standalone)
        #expect(first.setName == nil)
        #expect(first.version == Served.version)
        #expect(first.host == Served.host)
        #expect(first.processID == standIn.processID.map(Int.init))
        #expect(first.connections == MongoSample.Connections(current: 12, available: 838_848, totalCreated: Served.base.totalCreated + 1))
        #expect(first.cache == MongoSample.WiredTigerCache(bytesInCache: 150_994_944, trackedDirtyBytes: 12_582_912, maximumBytes: 268_435_456))
        #expect(first.globalLock == MongoSample.GlobalLock(queuedReaders: 1, queuedWriters: 2, activeReaders: 4, activeWriters: 5))
        #expect(first.residentMiB == 187)
        #expect(first.replicaSet == nil)
        #expect(first.replicaSetUnavailableReason == nil)
        let uptime = try #require(first.uptimeSeconds)
        #expect(uptime >= 0 && uptime < 120)

        // The first serverStatus this stand-in answered is the first poll's; each adds one step.
        let base = Served.base, steps = Served.steps
        #expect(first.opcounters == MongoSample.Opcounters(
            insert: base.insert + steps.insert, query: base.query + steps.query, update: base.update + steps.update,
            delete: base.delete + steps.delete, getmore: base.getmore + steps.getmore, command: base.command + steps.command))
        #expect(first.network == MongoSample.Network(bytesIn: base.bytesIn + steps.bytesIn, bytesOut: base.bytesOut + steps.bytesOut,
                                                    requests: base.requests + steps.requests))
        #expect(second.opcounters.insert == base.insert + 2 * steps.insert)
        #expect(second.network.bytesOut == base.bytesOut + 2 * steps.bytesOut)

        let rates = MongoRates(previous: first, current: second)
        let before = try #require(first.serverTime), after = try #require(second.serverTime)
        let interval = after.timeIntervalSince(before)
        #expect(rates.interval == interval)
        #expect(interval >= 1 && interval < 30)
        #expect(!rates.restarted)
        #expect(rates.inserts == Double(steps.insert) / interval)
        #expect(rates.queries == Double(steps.query) / interval)
        #expect(rates.updates == Double(steps.update) / interval)
        #expect(rates.deletes == Double(steps.delete) / interval)
        #expect(rates.getmores == Double(steps.getmore) / interval)
        #expect(rates.commands == Double(steps.command) / interval)
        #expect(rates.bytesIn == Double(steps.bytesIn) / interval)
        #expect(rates.bytesOut == Double(steps.bytesOut) / interval)
    }

    @Test func replicaSetShowsTheLaggingMember() async throws {
        let standIn = try MongoStandIn()
        defer { standIn.stop() }
        try standIn.start()
        let mongo = collector(standIn, password: standIn.password)
        defer { mongo.close() }
        #expect(try await mongo.poll().get().role == .standalone)

        try standIn.setTopology("replset")
        let sample = try await mongo.poll().get()
        #expect(sample.role == .primary)
        #expect(sample.setName == "rs0")
        let set = try #require(sample.replicaSet)
        #expect(set.name == "rs0")
        let headless = "mongodb-headless.e-commerce-saga.svc.cluster.local:27017"
        #expect(set.members.map(\.name) == ["mongodb-0.\(headless)", "mongodb-1.\(headless)", "mongodb-2.\(headless)"])
        #expect(set.members.map(\.stateName) == ["PRIMARY", "SECONDARY", "SECONDARY"])
        #expect(set.members.map(\.isHealthy) == [true, true, true])
        #expect(set.members.map(\.isSelf) == [true, false, false])
        #expect(set.members.map(\.lagSeconds) == [nil, 0, Served.lagSeconds])

        try standIn.setTopology("standalone")
        let back = try await mongo.poll().get()
        #expect(back.role == .standalone)
        #expect(back.replicaSet == nil)
    }

    @Test func wrongPasswordFailsWithoutShowingEitherPassword() async throws {
        let standIn = try MongoStandIn()
        defer { standIn.stop() }
        try standIn.start()
        let wrong = "not-\(standIn.password)-either"
        let mongo = collector(standIn, password: wrong)
        defer { mongo.close() }

        let message = try #require(await mongo.poll().collectorFailure)
        #expect(message == "MongoDB at 127.0.0.1:\(standIn.port) refused user infratop (authSource admin): Authentication failed. — check the user and MONGODB_PASSWORD or the MongoDB password file")
        #expect(!message.contains(wrong))
        #expect(!message.contains(standIn.password))

        // The right one still works, on a new connection.
        let right = collector(standIn, password: standIn.password)
        defer { right.close() }
        #expect(try await right.poll().get().version == Served.version)
    }

    @Test func withoutALoginServerStatusIsRefusedWithWhatToDo() async throws {
        let standIn = try MongoStandIn()
        defer { standIn.stop() }
        try standIn.start()
        let mongo = collector(standIn, user: nil, password: nil)
        defer { mongo.close() }
        #expect(await mongo.poll().collectorFailure == "MongoDB at 127.0.0.1:\(standIn.port) requires authentication for serverStatus — give a user in the URL (mongodb://USER@HOST) and its password through MONGODB_PASSWORD or the MongoDB password file")
    }

    @Test func recoversAfterTheStandInIsKilledAndRestarted() async throws {
        let standIn = try MongoStandIn()
        defer { standIn.stop() }
        try standIn.start()
        let mongo = collector(standIn, password: standIn.password, timeout: .seconds(2))
        defer { mongo.close() }
        _ = try await mongo.poll().get()
        let beforeKill = try await mongo.poll().get()

        standIn.stop()
        let refused = "connection refused by 127.0.0.1:\(standIn.port) — is mongod running?"
        let closed = "connection to 127.0.0.1:\(standIn.port) closed — mongod may have restarted or dropped the client"
        // The kill may or may not have reached the open connection before this poll.
        let duringOutage = try #require(await mongo.poll().collectorFailure)
        #expect(duringOutage == refused || duringOutage == closed)
        #expect(await mongo.poll().collectorFailure == refused)

        try standIn.start()
        let recovered = try await mongo.poll().get()
        // A new process: its counters start again, and no rate spans the restart.
        #expect(recovered.opcounters.insert == Served.base.insert + Served.steps.insert)
        #expect(recovered.processID == standIn.processID.map(Int.init))
        let rates = MongoRates(previous: beforeKill, current: recovered)
        #expect(rates.restarted)
        #expect(rates.inserts == nil)
    }

    @Test func nothingListeningIsConnectionRefused() async throws {
        let port = try RedisTestServer.freePort()
        let mongo = MongoCollector(configuration: .init(url: MongoURL(host: "127.0.0.1", port: port)))
        #expect(await mongo.poll().collectorFailure == "connection refused by 127.0.0.1:\(port) — is mongod running?")
    }
}

/// The stand-in as `scripts/lab up` runs it, reached only through the lab API's
/// `pods/mongodb-0/portforward`, the way phase 2's reach will tunnel it.
@Suite(.serialized, .enabled(if: MongoStandIn.isAvailable && KubeLab.isAvailable, "needs the lab (python3, openssl) and PyPI's mockupdb and pymongo"))
struct MongoLabTunnelTests {
    /// Every connection goes to one pod's port through the API server, whatever address is asked for.
    struct PodDialer: Dialer {
        let tunnels: PortForwardDialer
        let pod: String
        let port: Int

        func connect(to endpoint: Endpoint, on eventLoop: any EventLoop, connectTimeout: TimeAmount,
                     initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>) -> EventLoopFuture<any Channel> {
            tunnels.connect(pod: pod, port: port, on: eventLoop, connectTimeout: connectTimeout, initializer: initializer)
        }

        var isTunnelling: Bool { true }
    }

    @Test func theCollectorReadsTheLabsMongoDBThroughAPortForward() async throws {
        let lab = try await Task.detached { try KubeLab() }.value
        defer { lab.stop() }
        let password = try String(contentsOfFile: lab.directory + "/mongodb-password", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let dialer = PodDialer(tunnels: try PortForwardDialer(access: try lab.access("token")), pod: "mongodb-0", port: 27017)
        let mongo = MongoCollector(configuration: .init(
            url: try MongoURL(parsing: "mongodb://infratop@mongodb:27017", password: Secret(password)),
            connection: .init(connectTimeout: .seconds(5), requestTimeout: .seconds(5), dialer: dialer)))
        defer { mongo.close() }

        let sample = try await mongo.poll().get()
        #expect(sample.version == MongoStandIn.Served.version)
        #expect(sample.role == .standalone)
        #expect(sample.cache?.maximumBytes == 268_435_456)

        try lab.control("mongo/replset")
        let replicated = try await mongo.poll().get()
        #expect(replicated.role == .primary)
        #expect(replicated.replicaSet?.members.map(\.lagSeconds) == [nil, 0, MongoStandIn.Served.lagSeconds])
        try lab.control("mongo/standalone")
        #expect(try await mongo.poll().get().replicaSet == nil)
    }
}
