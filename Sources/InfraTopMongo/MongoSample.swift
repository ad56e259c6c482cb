import Foundation

/// What a mongod is in its deployment, from `hello`.
package enum MongoRole: String, Sendable, Hashable, Codable {
    /// Not a replica set member.
    case standalone
    /// The writable member of its replica set.
    case primary
    case secondary
    /// A voting member that holds no data.
    case arbiter
    /// Anything else: a member in recovery, startup or rollback, a hidden or removed one, or a mongos.
    case other
}

/// The result of one successful poll of a mongod: `hello`, `buildInfo`, `serverStatus` and, in a
/// replica set, `replSetGetStatus`.
///
/// Every figure is what the server sent; a field it did not send is nil, never zero. Rates are
/// not here: ``MongoRates`` computes them from two samples.
package struct MongoSample: Sendable, Hashable, Codable {
    /// When the poll started (the client's clock).
    package var takenAt: Date
    package var role: MongoRole
    /// The replica set's name; nil for a standalone.
    package var setName: String?
    /// `buildInfo.version`, else `serverStatus.version`.
    package var version: String?
    /// `serverStatus.host`: the server's own name for itself.
    package var host: String?
    /// `serverStatus.pid`: a new one means a restart.
    package var processID: Int?
    /// `serverStatus.uptime`, in seconds.
    package var uptimeSeconds: Double?
    /// `serverStatus.localTime`: the server's clock when it answered; rates divide by its steps.
    package var serverTime: Date?
    package var connections: Connections
    package var opcounters: Opcounters
    package var cache: WiredTigerCache?
    package var globalLock: GlobalLock
    /// `mem.resident`, in MiB as mongod reports it.
    package var residentMiB: Int?
    package var network: Network
    /// `replSetGetStatus`, when the server is in an initiated replica set and answered it.
    package var replicaSet: ReplicaSet?
    /// Why ``replicaSet`` is nil although the server is in a set (not permitted, say); nil when it was read or there is no set.
    package var replicaSetUnavailableReason: String?
    /// How long the poll took, connecting included when it had to.
    package var duration: Duration

    /// `serverStatus.connections`.
    package struct Connections: Sendable, Hashable, Codable {
        package var current: Int?
        package var available: Int?
        package var totalCreated: Int?

        package init(current: Int? = nil, available: Int? = nil, totalCreated: Int? = nil) {
            self.current = current
            self.available = available
            self.totalCreated = totalCreated
        }
    }

    /// `serverStatus.opcounters`: operations since the server started.
    package struct Opcounters: Sendable, Hashable, Codable {
        package var insert: Int?
        package var query: Int?
        package var update: Int?
        package var delete: Int?
        package var getmore: Int?
        package var command: Int?

        package init(insert: Int? = nil, query: Int? = nil, update: Int? = nil, delete: Int? = nil, getmore: Int? = nil, command: Int? = nil) {
            self.insert = insert
            self.query = query
            self.update = update
            self.delete = delete
            self.getmore = getmore
            self.command = command
        }
    }

    /// `serverStatus.wiredTiger.cache`; nil on another storage engine.
    package struct WiredTigerCache: Sendable, Hashable, Codable {
        /// "bytes currently in the cache".
        package var bytesInCache: Int?
        /// "tracked dirty bytes in the cache".
        package var trackedDirtyBytes: Int?
        /// "maximum bytes configured".
        package var maximumBytes: Int?

        package init(bytesInCache: Int? = nil, trackedDirtyBytes: Int? = nil, maximumBytes: Int? = nil) {
            self.bytesInCache = bytesInCache
            self.trackedDirtyBytes = trackedDirtyBytes
            self.maximumBytes = maximumBytes
        }
    }

    /// `serverStatus.globalLock`: operations waiting for a lock, and those holding or running.
    package struct GlobalLock: Sendable, Hashable, Codable {
        package var queuedReaders: Int?
        package var queuedWriters: Int?
        package var activeReaders: Int?
        package var activeWriters: Int?

        package init(queuedReaders: Int? = nil, queuedWriters: Int? = nil, activeReaders: Int? = nil, activeWriters: Int? = nil) {
            self.queuedReaders = queuedReaders
            self.queuedWriters = queuedWriters
            self.activeReaders = activeReaders
            self.activeWriters = activeWriters
        }
    }

    /// `serverStatus.network`: bytes and requests since the server started.
    package struct Network: Sendable, Hashable, Codable {
        package var bytesIn: Int?
        package var bytesOut: Int?
        package var requests: Int?

        package init(bytesIn: Int? = nil, bytesOut: Int? = nil, requests: Int? = nil) {
            self.bytesIn = bytesIn
            self.bytesOut = bytesOut
            self.requests = requests
        }
    }

    /// `replSetGetStatus`.
    package struct ReplicaSet: Sendable, Hashable, Codable {
        package var name: String?
        /// `date`: the answering member's clock.
        package var date: Date?
        package var members: [Member]

        package init(name: String?, date: Date?, members: [Member]) {
            self.name = name
            self.date = date
            self.members = members
        }

        /// The member in state PRIMARY, if one is.
        package var primary: Member? { members.first { $0.stateName == "PRIMARY" } }
    }

    /// One entry of `replSetGetStatus.members`.
    package struct Member: Sendable, Hashable, Codable {
        package var id: Int?
        /// `host:port`, as the set's configuration names it.
        package var name: String
        /// `stateStr`: PRIMARY, SECONDARY, ARBITER, RECOVERING, STARTUP2, (not reachable/healthy) …
        package var stateName: String?
        /// `health`: whether the answering member can reach this one.
        package var isHealthy: Bool?
        /// `optimeDate`: the last operation this member applied.
        package var optimeDate: Date?
        /// Whether this entry is the member that answered.
        package var isSelf: Bool
        /// Seconds this member's optime is behind the primary's; nil for the primary, arbiters,
        /// unhealthy members, members without an optime, and when there is no primary.
        package var lagSeconds: Double?

        package init(id: Int? = nil, name: String, stateName: String?, isHealthy: Bool?, optimeDate: Date?, isSelf: Bool = false, lagSeconds: Double? = nil) {
            self.id = id
            self.name = name
            self.stateName = stateName
            self.isHealthy = isHealthy
            self.optimeDate = optimeDate
            self.isSelf = isSelf
            self.lagSeconds = lagSeconds
        }
    }

    package init(
        takenAt: Date, role: MongoRole, setName: String? = nil, version: String? = nil, host: String? = nil, processID: Int? = nil,
        uptimeSeconds: Double? = nil, serverTime: Date? = nil, connections: Connections = Connections(), opcounters: Opcounters = Opcounters(),
        cache: WiredTigerCache? = nil, globalLock: GlobalLock = GlobalLock(), residentMiB: Int? = nil, network: Network = Network(),
        replicaSet: ReplicaSet? = nil, replicaSetUnavailableReason: String? = nil, duration: Duration = .zero
    ) {
        self.takenAt = takenAt
        self.role = role
        self.setName = setName
        self.version = version
        self.host = host
        self.processID = processID
        self.uptimeSeconds = uptimeSeconds
        self.serverTime = serverTime
        self.connections = connections
        self.opcounters = opcounters
        self.cache = cache
        self.globalLock = globalLock
        self.residentMiB = residentMiB
        self.network = network
        self.replicaSet = replicaSet
        self.replicaSetUnavailableReason = replicaSetUnavailableReason
        self.duration = duration
    }
}

// MARK: - From the server's documents

extension MongoRole {
    /// The role a `hello` (or `isMaster`) reply gives.
    package init(hello: BSONDocument) {
        if hello["msg"]?.string == "isdbgrid" {
            self = .other  // a mongos
        } else if hello["setName"]?.string == nil {
            self = .standalone
        } else if hello["isWritablePrimary"]?.truth == true || hello["ismaster"]?.truth == true {
            self = .primary
        } else if hello["secondary"]?.truth == true {
            self = .secondary
        } else if hello["arbiterOnly"]?.truth == true {
            self = .arbiter
        } else {
            self = .other
        }
    }
}

extension MongoSample {
    /// Builds a sample from the replies of one poll. `replicaSetStatus` is nil when it was not
    /// asked for or not answered; `replicaSetUnavailableReason` says why when that matters.
    package init(
        takenAt: Date, hello: BSONDocument, buildInfo: BSONDocument?, serverStatus: BSONDocument,
        replicaSetStatus: BSONDocument?, replicaSetUnavailableReason: String? = nil, duration: Duration
    ) {
        let status = serverStatus
        func integer(_ path: String...) -> Int? { status.value(at: path)?.integer }
        self.init(
            takenAt: takenAt,
            role: MongoRole(hello: hello),
            setName: hello["setName"]?.string,
            version: buildInfo?["version"]?.string ?? status["version"]?.string,
            host: status["host"]?.string,
            processID: status["pid"]?.integer,
            // JSON (recordings, snapshots) cannot hold NaN or infinity; nothing a server should send anyway.
            uptimeSeconds: status["uptime"]?.number.flatMap { $0.isFinite ? $0 : nil },
            serverTime: status["localTime"]?.date,
            connections: Connections(current: integer("connections", "current"), available: integer("connections", "available"),
                                     totalCreated: integer("connections", "totalCreated")),
            opcounters: Opcounters(insert: integer("opcounters", "insert"), query: integer("opcounters", "query"),
                                   update: integer("opcounters", "update"), delete: integer("opcounters", "delete"),
                                   getmore: integer("opcounters", "getmore"), command: integer("opcounters", "command")),
            cache: status.value(at: ["wiredTiger", "cache"])?.document.map { cache in
                WiredTigerCache(bytesInCache: cache["bytes currently in the cache"]?.integer,
                                trackedDirtyBytes: cache["tracked dirty bytes in the cache"]?.integer,
                                maximumBytes: cache["maximum bytes configured"]?.integer)
            },
            globalLock: GlobalLock(queuedReaders: integer("globalLock", "currentQueue", "readers"),
                                   queuedWriters: integer("globalLock", "currentQueue", "writers"),
                                   activeReaders: integer("globalLock", "activeClients", "readers"),
                                   activeWriters: integer("globalLock", "activeClients", "writers")),
            residentMiB: integer("mem", "resident"),
            network: Network(bytesIn: integer("network", "bytesIn"), bytesOut: integer("network", "bytesOut"),
                             requests: integer("network", "numRequests")),
            replicaSet: replicaSetStatus.map(ReplicaSet.init(status:)),
            replicaSetUnavailableReason: replicaSetUnavailableReason,
            duration: duration
        )
    }
}

extension MongoSample.ReplicaSet {
    /// Reads `replSetGetStatus`, computing each member's lag behind the primary's optimeDate.
    package init(status: BSONDocument) {
        var members = (status["members"]?.array ?? []).compactMap { $0.document }.compactMap { member -> MongoSample.Member? in
            guard let name = member["name"]?.string else { return nil }
            return MongoSample.Member(
                id: member["_id"]?.integer, name: name, stateName: member["stateStr"]?.string,
                isHealthy: member["health"]?.truth, optimeDate: member["optimeDate"]?.date,
                isSelf: member["self"]?.truth ?? false)
        }
        if let primary = members.first(where: { $0.stateName == "PRIMARY" }), let primaryTime = primary.optimeDate {
            for index in members.indices where members[index].name != primary.name {
                let member = members[index]
                guard member.stateName != "ARBITER", member.isHealthy != false, let time = member.optimeDate else { continue }
                // A member ahead of the primary's last report (they are read at different moments) is not behind.
                members[index].lagSeconds = max(0, primaryTime.timeIntervalSince(time))
            }
        }
        self.init(name: status["set"]?.string, date: status["date"]?.date, members: members)
    }
}
