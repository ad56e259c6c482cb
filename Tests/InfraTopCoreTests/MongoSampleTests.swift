import Foundation
import Testing
@testable import InfraTopMongo

/// A serverStatus reply shaped like the MongoDB manual's sample output (the fields infratop reads
/// and some it does not), with the types mongod 6.0 uses: int32 for small counts, int64 for
/// counters, doubles for uptime and `ok`.
private func serverStatus(uptime: Double = 86_412, localTime: Int64 = 1_700_000_000_000, insert: Int64 = 1_200, query: Int64 = 45_000,
                          update: Int64 = 3_300, delete: Int64 = 17, getmore: Int64 = 900, command: Int64 = 260_000,
                          bytesIn: Int64 = 48_000_000, bytesOut: Int64 = 96_000_000) -> BSONDocument {
    [
        "host": .string("mongodb-0"),
        "version": .string("6.0.13"),
        "process": .string("mongod"),
        "pid": .int64(1),
        "uptime": .double(uptime),
        "uptimeMillis": .int64(Int64(uptime * 1000)),
        "uptimeEstimate": .int64(Int64(uptime)),
        "localTime": .date(localTime),
        "asserts": .document(["regular": .int32(0), "warning": .int32(0)]),
        "connections": .document(["current": .int32(12), "available": .int32(838_848), "totalCreated": .int32(512), "active": .int32(3)]),
        "globalLock": .document([
            "totalTime": .int64(86_412_000_000),
            "currentQueue": .document(["total": .int32(3), "readers": .int32(1), "writers": .int32(2)]),
            "activeClients": .document(["total": .int32(9), "readers": .int32(4), "writers": .int32(5)]),
        ]),
        "mem": .document(["bits": .int32(64), "resident": .int32(187), "virtual": .int32(1_540), "supported": .bool(true)]),
        "network": .document(["bytesIn": .int64(bytesIn), "bytesOut": .int64(bytesOut), "numRequests": .int64(300_000)]),
        "opcounters": .document(["insert": .int64(insert), "query": .int64(query), "update": .int64(update), "delete": .int64(delete),
                                 "getmore": .int64(getmore), "command": .int64(command)]),
        "storageEngine": .document(["name": .string("wiredTiger")]),
        "wiredTiger": .document([
            "uri": .string("statistics:"),
            "cache": .document([
                "bytes currently in the cache": .int64(201_326_592),
                "maximum bytes configured": .int64(268_435_456),
                "tracked dirty bytes in the cache": .int64(41_943_040),
                "pages evicted by application threads": .int64(0),
            ]),
        ]),
        "ok": .double(1),
    ]
}

private let standaloneHello: BSONDocument = [
    "isWritablePrimary": .bool(true), "topologyVersion": .document(["counter": .int64(0)]),
    "maxBsonObjectSize": .int32(16_777_216), "maxMessageSizeBytes": .int32(48_000_000), "maxWriteBatchSize": .int32(100_000),
    "localTime": .date(1_700_000_000_000), "maxWireVersion": .int32(17), "minWireVersion": .int32(0), "ok": .double(1),
]

private func date(_ milliseconds: Int64) -> BSONValue { .date(milliseconds) }

/// replSetGetStatus as the manual shows it for a three-member set, one secondary 42 s behind.
private let replicaSetStatus: BSONDocument = [
    "set": .string("rs0"),
    "date": date(1_700_000_000_500),
    "myState": .int32(1),
    "members": .array([
        .document(["_id": .int32(0), "name": .string("mongodb-0:27017"), "health": .double(1), "state": .int32(1), "stateStr": .string("PRIMARY"),
                   "uptime": .int32(86_412), "optime": .document(["ts": .timestamp(BSONTimestamp(seconds: 1_700_000_000, increment: 1)), "t": .int64(3)]),
                   "optimeDate": date(1_700_000_000_000), "self": .bool(true)]),
        .document(["_id": .int32(1), "name": .string("mongodb-1:27017"), "health": .double(1), "state": .int32(2), "stateStr": .string("SECONDARY"),
                   "optimeDate": date(1_699_999_999_000)]),
        .document(["_id": .int32(2), "name": .string("mongodb-2:27017"), "health": .double(1), "state": .int32(2), "stateStr": .string("SECONDARY"),
                   "optimeDate": date(1_699_999_958_000)]),
        .document(["_id": .int32(3), "name": .string("mongodb-arbiter:27017"), "health": .double(1), "state": .int32(7), "stateStr": .string("ARBITER")]),
        .document(["_id": .int32(4), "name": .string("mongodb-3:27017"), "health": .double(0), "state": .int32(8),
                   "stateStr": .string("(not reachable/healthy)"), "optimeDate": date(0)]),
    ]),
    "ok": .double(1),
]

/// Through the wire format and back, as the collector sees it.
private func roundTripped(_ document: BSONDocument) throws -> BSONDocument {
    var buffer = try BSONEncoder.encode(document)
    return try BSONDecoder().decodeDocument(from: &buffer)
}

private func sample(at seconds: Double, status: BSONDocument) throws -> MongoSample {
    MongoSample(takenAt: Date(timeIntervalSince1970: seconds), hello: standaloneHello, buildInfo: ["version": .string("6.0.13")],
                serverStatus: try roundTripped(status), replicaSetStatus: nil, duration: .milliseconds(3))
}

private let roles: [(hello: BSONDocument, role: MongoRole)] = [
    (["isWritablePrimary": .bool(true)], .standalone),
    (["setName": .string("rs0"), "isWritablePrimary": .bool(true)], .primary),
    (["setName": .string("rs0"), "ismaster": .bool(true)], .primary),
    (["setName": .string("rs0"), "isWritablePrimary": .bool(false), "secondary": .bool(true)], .secondary),
    (["setName": .string("rs0"), "isWritablePrimary": .bool(false), "secondary": .bool(false), "arbiterOnly": .bool(true)], .arbiter),
    (["setName": .string("rs0"), "isWritablePrimary": .bool(false), "secondary": .bool(false)], .other),
    (["msg": .string("isdbgrid"), "isWritablePrimary": .bool(true)], .other),
]

@Suite struct MongoSampleTests {
    @Test func readsEveryFigureFromServerStatus() throws {
        let sample = try sample(at: 0, status: serverStatus())
        #expect(sample.role == .standalone)
        #expect(sample.setName == nil)
        #expect(sample.version == "6.0.13")
        #expect(sample.host == "mongodb-0")
        #expect(sample.processID == 1)
        #expect(sample.uptimeSeconds == 86_412)
        #expect(sample.serverTime == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(sample.connections == MongoSample.Connections(current: 12, available: 838_848, totalCreated: 512))
        #expect(sample.opcounters == MongoSample.Opcounters(insert: 1_200, query: 45_000, update: 3_300, delete: 17, getmore: 900, command: 260_000))
        #expect(sample.cache == MongoSample.WiredTigerCache(bytesInCache: 201_326_592, trackedDirtyBytes: 41_943_040, maximumBytes: 268_435_456))
        #expect(sample.globalLock == MongoSample.GlobalLock(queuedReaders: 1, queuedWriters: 2, activeReaders: 4, activeWriters: 5))
        #expect(sample.residentMiB == 187)
        #expect(sample.network == MongoSample.Network(bytesIn: 48_000_000, bytesOut: 96_000_000, requests: 300_000))
        #expect(sample.replicaSet == nil)
        #expect(sample.duration == .milliseconds(3))
    }

    @Test func aNonFiniteUptimeIsLeftOutSoTheSampleStaysEncodable() throws {
        var status = serverStatus()
        status.elements = status.elements.map { $0.key == "uptime" ? BSONElement(key: "uptime", value: .double(.nan)) : $0 }
        let sample = try sample(at: 0, status: status)
        #expect(sample.uptimeSeconds == nil)
        #expect(throws: Never.self) { try JSONEncoder().encode(sample) }
    }

    @Test func missingSectionsStayNilNotZero() {
        let sample = MongoSample(takenAt: Date(), hello: standaloneHello, buildInfo: nil,
                                 serverStatus: ["version": .string("4.4.29"), "ok": .double(1)], replicaSetStatus: nil, duration: .zero)
        #expect(sample.version == "4.4.29")
        #expect(sample.cache == nil)
        #expect(sample.connections == MongoSample.Connections())
        #expect(sample.opcounters.insert == nil)
        #expect(sample.residentMiB == nil)
        #expect(sample.uptimeSeconds == nil)
    }

    @Test(arguments: roles.indices)
    func roleFromHello(_ index: Int) {
        #expect(MongoRole(hello: roles[index].hello) == roles[index].role)
    }

    @Test func replicaSetMembersAndTheirLagBehindThePrimary() throws {
        let set = MongoSample.ReplicaSet(status: try roundTripped(replicaSetStatus))
        #expect(set.name == "rs0")
        #expect(set.date == Date(timeIntervalSince1970: 1_700_000_000.5))
        #expect(set.members.map(\.name) == ["mongodb-0:27017", "mongodb-1:27017", "mongodb-2:27017", "mongodb-arbiter:27017", "mongodb-3:27017"])
        #expect(set.members.map(\.stateName) == ["PRIMARY", "SECONDARY", "SECONDARY", "ARBITER", "(not reachable/healthy)"])
        #expect(set.members.map(\.isHealthy) == [true, true, true, true, false])
        #expect(set.members.map(\.isSelf) == [true, false, false, false, false])
        #expect(set.members.map(\.lagSeconds) == [nil, 1, 42, nil, nil])
        #expect(set.primary?.name == "mongodb-0:27017")
    }

    @Test func withoutAPrimaryThereIsNoLag() throws {
        var status = replicaSetStatus
        var members = status["members"]!.array!
        var primary = members[0].document!
        primary.elements = primary.elements.map { $0.key == "stateStr" ? BSONElement(key: "stateStr", value: .string("SECONDARY")) : $0 }
        members[0] = .document(primary)
        status.elements = status.elements.map { $0.key == "members" ? BSONElement(key: "members", value: .array(members)) : $0 }
        let set = MongoSample.ReplicaSet(status: status)
        #expect(set.primary == nil)
        #expect(set.members.allSatisfy { $0.lagSeconds == nil })
    }

    @Test func aMemberAheadOfThePrimarysReportIsNotBehind() {
        let status: BSONDocument = ["set": .string("rs0"), "members": .array([
            .document(["name": .string("a:1"), "stateStr": .string("PRIMARY"), "health": .int32(1), "optimeDate": date(10_000)]),
            .document(["name": .string("b:1"), "stateStr": .string("SECONDARY"), "health": .int32(1), "optimeDate": date(10_250)]),
        ])]
        #expect(MongoSample.ReplicaSet(status: status).members.map(\.lagSeconds) == [nil, 0])
    }

    @Test func samplesSurviveJSON() throws {
        var sample = try sample(at: 5, status: serverStatus())
        sample.replicaSet = MongoSample.ReplicaSet(status: replicaSetStatus)
        let decoded = try JSONDecoder().decode(MongoSample.self, from: JSONEncoder().encode(sample))
        #expect(decoded == sample)
    }

    // MARK: - Rates

    @Test func ratesAreCounterDeltasOverTheServersClock() throws {
        let before = try sample(at: 100, status: serverStatus(uptime: 1_000, localTime: 1_700_000_000_000))
        // The client's clock says 3 s passed; the server's says 2 s, and the server's wins.
        let after = try sample(at: 103, status: serverStatus(uptime: 1_002, localTime: 1_700_000_002_000, insert: 1_300, query: 45_010,
                                                             update: 3_300, delete: 18, getmore: 950, command: 260_400,
                                                             bytesIn: 48_100_000, bytesOut: 96_300_000))
        let rates = MongoRates(previous: before, current: after)
        #expect(rates.interval == 2)
        #expect(!rates.restarted)
        #expect(rates.inserts == 50)
        #expect(rates.queries == 5)
        #expect(rates.updates == 0)
        #expect(rates.deletes == 0.5)
        #expect(rates.getmores == 25)
        #expect(rates.commands == 200)
        #expect(rates.bytesIn == 50_000)
        #expect(rates.bytesOut == 150_000)
        #expect(rates.requests == 0)
        #expect(rates.connectionsCreated == 0)
    }

    @Test func withoutTheServersClockTheClientsIsUsed() throws {
        var before = try sample(at: 100, status: serverStatus(insert: 100))
        var after = try sample(at: 104, status: serverStatus(insert: 300))
        before.serverTime = nil
        after.serverTime = nil
        #expect(MongoRates(previous: before, current: after).inserts == 50)
    }

    @Test func aRestartGivesNoRates() throws {
        let before = try sample(at: 100, status: serverStatus(uptime: 86_412, insert: 5_000))
        let after = try sample(at: 102, status: serverStatus(uptime: 3, localTime: 1_700_000_002_000, insert: 20))
        let rates = MongoRates(previous: before, current: after)
        #expect(rates.restarted)
        #expect(rates.interval == 2)
        #expect(rates.inserts == nil)
        #expect(rates.commands == nil)
        #expect(rates.bytesIn == nil)

        var otherProcess = try sample(at: 102, status: serverStatus(uptime: 90_000, localTime: 1_700_000_002_000, insert: 6_000))
        otherProcess.processID = 2
        #expect(MongoRates.restarted(from: before, to: otherProcess))
        #expect(MongoRates(previous: before, current: otherProcess).inserts == nil)
    }

    @Test func aCounterThatWentBackwardsAloneHasNoRate() throws {
        let before = try sample(at: 100, status: serverStatus(uptime: 1_000, insert: 5_000, query: 100))
        let after = try sample(at: 102, status: serverStatus(uptime: 1_002, localTime: 1_700_000_002_000, insert: 10, query: 120))
        let rates = MongoRates(previous: before, current: after)
        #expect(!rates.restarted)
        #expect(rates.inserts == nil)
        #expect(rates.queries == 10)
    }

    @Test func noPreviousSampleOrNoTimePassedGivesNoRates() throws {
        let only = try sample(at: 100, status: serverStatus())
        let first = MongoRates(previous: nil, current: only)
        #expect(first.interval == nil)
        #expect(first.inserts == nil)
        let same = MongoRates(previous: only, current: only)
        #expect(same.interval == nil)
        #expect(same.inserts == nil)
    }

    @Test func extremeCountersDoNotTrap() throws {
        let before = try sample(at: 100, status: serverStatus(uptime: 1_000, insert: .min))
        let after = try sample(at: 102, status: serverStatus(uptime: 1_002, localTime: 1_700_000_002_000, insert: .max))
        #expect(MongoRates(previous: before, current: after).inserts == Double(Int.max) / 2)
    }
}
