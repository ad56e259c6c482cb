import Foundation

/// The key/value pairs a ZooKeeper server prints in answer to `mntr`.
///
/// Every pair is kept, in the server's order, because the set grows with each release; the
/// properties below read the ones the dashboard shows.
public struct ZooKeeperMonitorValues: Sendable, Equatable, Codable {
    public struct Entry: Sendable, Equatable, Codable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public var entries: [Entry]
    private var index: [String: Int]

    public init(entries: [Entry]) {
        self.entries = []
        self.index = [:]
        for entry in entries where index[entry.key] == nil {
            index[entry.key] = self.entries.count
            self.entries.append(entry)
        }
    }

    // Only the entries are stored; the index is rebuilt from them.
    private enum CodingKeys: String, CodingKey { case entries }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(entries: try container.decode([Entry].self, forKey: .entries))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entries, forKey: .entries)
    }

    /// Parses the text of an `mntr` answer: one `key<TAB>value` per line. Lines without a tab are skipped.
    public init(parsing text: String) {
        var entries: [Entry] = []
        for line in text.split(whereSeparator: \.isNewline) {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let key = String(line[..<tab])
            let value = String(line[line.index(after: tab)...]).trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { continue }
            entries.append(Entry(key: key, value: value))
        }
        self.init(entries: entries)
    }

    /// The value printed for `key`, such as `zk_znode_count`.
    public subscript(key: String) -> String? {
        index[key].map { entries[$0].value }
    }

    public func integer(_ key: String) -> Int? { self[key].flatMap { Int($0) } }
    public func number(_ key: String) -> Double? { self[key].flatMap { Double($0) } }

    public var version: String? { self["zk_version"] }
    public var serverState: ZooKeeperMode? { self["zk_server_state"].map(ZooKeeperMode.init) }
    /// Milliseconds.
    public var averageLatency: Double? { number("zk_avg_latency") }
    public var minimumLatency: Double? { number("zk_min_latency") }
    public var maximumLatency: Double? { number("zk_max_latency") }
    public var outstandingRequests: Int? { integer("zk_outstanding_requests") }
    public var znodeCount: Int? { integer("zk_znode_count") }
    public var ephemeralsCount: Int? { integer("zk_ephemerals_count") }
    public var aliveConnections: Int? { integer("zk_num_alive_connections") }
    public var watchCount: Int? { integer("zk_watch_count") }
    public var openFileDescriptors: Int? { integer("zk_open_file_descriptor_count") }
    public var maximumFileDescriptors: Int? { integer("zk_max_file_descriptor_count") }
    /// Only a leader reports its followers.
    public var followers: Int? { integer("zk_followers") }
    public var syncedFollowers: Int? { integer("zk_synced_followers") }
    public var pendingSyncs: Int? { integer("zk_pending_syncs") }
}
