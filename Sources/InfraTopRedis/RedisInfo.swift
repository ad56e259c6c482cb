/// What `INFO` says about a Redis server, with typed access to the fields infratop uses.
///
/// Every `field:value` line is kept in ``fields``, known or not, so a newer
/// server's additions are still visible; a field an older server lacks reads as nil.
package struct RedisInfo: Sendable, Hashable, Codable {
    /// `maxmemory`: Redis writes 0 for "no limit", which must not read as "limit of 0 bytes".
    package enum MemoryLimit: Sendable, Hashable {
        case unlimited
        case bytes(Int)

        /// The limit in bytes, or nil when there is none.
        package var bytes: Int? {
            if case .bytes(let count) = self { return count }
            return nil
        }
    }

    /// One line of the keyspace section: `db0:keys=1,expires=0,avg_ttl=0`.
    package struct Database: Sendable, Hashable, Codable {
        package var index: Int
        package var keys: Int
        package var expires: Int
        /// Average time to live of keys with an expiry, in milliseconds.
        package var averageTTL: Int?

        package init(index: Int, keys: Int, expires: Int, averageTTL: Int?) {
            self.index = index
            self.keys = keys
            self.expires = expires
            self.averageTTL = averageTTL
        }
    }

    /// Every field as the server sent it, keyed by name.
    package var fields: [String: String]
    /// The keyspace section, by database index.
    package var databases: [Database]

    /// Parses the text of an `INFO` reply.
    ///
    /// Lines split on CRLF (a bare LF is tolerated), fields at the first `:`,
    /// `# Section` headers and blank lines are skipped, and the `txt:` prefix of
    /// a RESP3 verbatim string is removed if the caller left it on.
    package init(parsing text: String) {
        var body = Substring(text)
        if body.hasPrefix("txt:") { body = body.dropFirst(4) }
        var fields: [String: String] = [:]
        var databases: [Database] = []
        for rawLine in body.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            guard !line.isEmpty, !line.hasPrefix("#"), let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            let value = String(line[line.index(after: colon)...])
            fields[key] = value
            if let database = Self.database(key: key, value: value) {
                databases.append(database)
            }
        }
        self.fields = fields
        self.databases = databases.sorted { $0.index < $1.index }
    }

    /// Parses an `INFO` reply: a bulk string in RESP2, a verbatim string in RESP3. Nil for anything else.
    package init?(reply: RESPValue) {
        switch reply {
        case .bulkString(let buffer?): self.init(parsing: String(buffer: buffer))
        case .verbatimString(_, let text): self.init(parsing: text)
        default: return nil
        }
    }

    private static func database(key: String, value: String) -> Database? {
        guard key.hasPrefix("db"), let index = Int(key.dropFirst(2)) else { return nil }
        var numbers: [Substring: Int] = [:]
        for part in value.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2, let number = Int(pair[1]) { numbers[pair[0]] = number }
        }
        guard let keys = numbers["keys"] else { return nil }
        return Database(index: index, keys: keys, expires: numbers["expires"] ?? 0, averageTTL: numbers["avg_ttl"])
    }

    // MARK: - Typed fields

    package func integer(_ name: String) -> Int? { fields[name].flatMap { Int($0) } }
    package func double(_ name: String) -> Double? { fields[name].flatMap { Double($0) } }
    private func flag(_ name: String) -> Bool? { integer(name).map { $0 != 0 } }

    // Server
    package var redisVersion: String? { fields["redis_version"] }
    package var uptimeInSeconds: Int? { integer("uptime_in_seconds") }

    // Clients
    package var connectedClients: Int? { integer("connected_clients") }
    package var blockedClients: Int? { integer("blocked_clients") }

    // Memory
    package var usedMemory: Int? { integer("used_memory") }
    /// Memory Redis leaves out when it compares with maxmemory: AOF and replica output buffers.
    package var memoryNotCountedForEviction: Int? { integer("mem_not_counted_for_evict") }
    /// What Redis compares with maxmemory before it evicts: used_memory less the buffers it does not count.
    package var memoryCountedForEviction: Int? {
        usedMemory.map { $0 - min($0, max(0, memoryNotCountedForEviction ?? 0)) }
    }
    package var usedMemoryRSS: Int? { integer("used_memory_rss") }
    package var usedMemoryPeak: Int? { integer("used_memory_peak") }
    package var maxmemory: MemoryLimit? { integer("maxmemory").map { $0 == 0 ? .unlimited : .bytes($0) } }
    package var maxmemoryPolicy: String? { fields["maxmemory_policy"] }
    package var memoryFragmentationRatio: Double? { double("mem_fragmentation_ratio") }

    // Persistence
    package var isAOFEnabled: Bool? { flag("aof_enabled") }
    /// `ok` or `err`: whether the last write to the append-only file succeeded.
    package var aofLastWriteStatus: String? { fields["aof_last_write_status"] }
    package var isAOFRewriteInProgress: Bool? { flag("aof_rewrite_in_progress") }
    /// `ok` or `err`: whether the last background RDB save succeeded.
    package var rdbLastBackgroundSaveStatus: String? { fields["rdb_last_bgsave_status"] }
    package var rdbChangesSinceLastSave: Int? { integer("rdb_changes_since_last_save") }

    // Stats
    package var totalCommandsProcessed: Int? { integer("total_commands_processed") }
    package var instantaneousOpsPerSecond: Int? { integer("instantaneous_ops_per_sec") }
    package var rejectedConnections: Int? { integer("rejected_connections") }
    package var expiredKeys: Int? { integer("expired_keys") }
    package var evictedKeys: Int? { integer("evicted_keys") }
    package var evictedClients: Int? { integer("evicted_clients") }
    /// Milliseconds the server has spent above maxmemory since it started.
    package var totalEvictionExceededTime: Int? { integer("total_eviction_exceeded_time") }
    /// Milliseconds since the server last went above maxmemory; 0 when it is below.
    package var currentEvictionExceededTime: Int? { integer("current_eviction_exceeded_time") }
    package var keyspaceHits: Int? { integer("keyspace_hits") }
    package var keyspaceMisses: Int? { integer("keyspace_misses") }

    // Replication
    /// `master` or `slave`, as Redis names them.
    package var role: String? { fields["role"] }
    package var connectedReplicas: Int? { integer("connected_slaves") }
    /// `up` or `down` on a replica; nil on a primary.
    package var masterLinkStatus: String? { fields["master_link_status"] }
}
