import Foundation
import InfraTopBasics
import InfraTopMongo

// MARK: - MongoDB

extension SnapshotDocument {
    /// The `mongodb` part: what the MongoDB view shows. Every figure is the server's; one it did
    /// not send is absent. Counters are since the server started; rates are between the last two samples.
    package struct MongoDB: Encodable, Sendable {
        var role: String
        var setName: String?
        var version: String?
        var host: String?
        var uptimeSeconds: Double?
        package var connections: Connections
        var opcounters: Opcounters
        package var cache: Cache?
        var queue: Queue
        var residentBytes: Int?
        /// The memory limit of mongod's container, from its pod spec.
        var memoryLimitBytes: Double?
        var network: Network
        package var rates: Rates
        package var members: [Member]
        var replicaSetUnavailable: String?

        package struct Connections: Encodable, Sendable {
            package var current: Int?
            var available: Int?
            var totalCreated: Int?
        }

        struct Opcounters: Encodable, Sendable {
            var insert: Int?
            var query: Int?
            var update: Int?
            var delete: Int?
            var getmore: Int?
            var command: Int?
        }

        package struct Cache: Encodable, Sendable {
            var bytes: Int?
            var dirtyBytes: Int?
            var maximumBytes: Int?
        }

        struct Queue: Encodable, Sendable {
            var queuedReaders: Int?
            var queuedWriters: Int?
            var activeReaders: Int?
            var activeWriters: Int?
        }

        struct Network: Encodable, Sendable {
            var bytesIn: Int?
            var bytesOut: Int?
            var requests: Int?
        }

        package struct Rates: Encodable, Sendable {
            var intervalSeconds: Double?
            var restarted: Bool
            package var insertsPerSecond: Double?
            var queriesPerSecond: Double?
            var updatesPerSecond: Double?
            var deletesPerSecond: Double?
            var getmoresPerSecond: Double?
            var commandsPerSecond: Double?
            var bytesInPerSecond: Double?
            var bytesOutPerSecond: Double?
        }

        package struct Member: Encodable, Sendable {
            package var name: String
            package var state: String?
            var healthy: Bool?
            var isSelf: Bool
            var optimeDate: Date?
            package var lagSeconds: Double?
        }

        init(_ state: MongoState, memoryLimit: MongoMemoryLimit?) {
            let sample = state.sample
            let rates = state.rates
            role = sample.role.rawValue
            setName = sample.setName
            version = sample.version
            host = sample.host
            uptimeSeconds = sample.uptimeSeconds
            connections = Connections(current: sample.connections.current, available: sample.connections.available,
                                      totalCreated: sample.connections.totalCreated)
            let counters = sample.opcounters
            opcounters = Opcounters(insert: counters.insert, query: counters.query, update: counters.update,
                                    delete: counters.delete, getmore: counters.getmore, command: counters.command)
            cache = sample.cache.map { Cache(bytes: $0.bytesInCache, dirtyBytes: $0.trackedDirtyBytes, maximumBytes: $0.maximumBytes) }
            let lock = sample.globalLock
            queue = Queue(queuedReaders: lock.queuedReaders, queuedWriters: lock.queuedWriters,
                          activeReaders: lock.activeReaders, activeWriters: lock.activeWriters)
            residentBytes = sample.residentMiB.map { Int(saturating: Double($0) * 1_048_576) }
            memoryLimitBytes = memoryLimit?.bytes
            network = Network(bytesIn: sample.network.bytesIn, bytesOut: sample.network.bytesOut, requests: sample.network.requests)
            self.rates = Rates(
                intervalSeconds: rates.interval, restarted: rates.restarted,
                insertsPerSecond: rates.inserts, queriesPerSecond: rates.queries, updatesPerSecond: rates.updates,
                deletesPerSecond: rates.deletes, getmoresPerSecond: rates.getmores, commandsPerSecond: rates.commands,
                bytesInPerSecond: rates.bytesIn, bytesOutPerSecond: rates.bytesOut)
            members = (sample.replicaSet?.members ?? []).map {
                Member(name: $0.name, state: $0.stateName, healthy: $0.isHealthy, isSelf: $0.isSelf, optimeDate: $0.optimeDate, lagSeconds: $0.lagSeconds)
            }
            replicaSetUnavailable = sample.replicaSetUnavailableReason
        }
    }
}
