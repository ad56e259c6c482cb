import Foundation

/// The key/value pairs a ZooKeeper server prints in answer to `mntr`.
///
/// Every pair is kept, in the server's order, because the set grows with each release; the
/// properties below read the ones the dashboard shows.
package struct ZooKeeperMonitorValues: Sendable, Equatable, Codable {
    package struct Entry: Sendable, Equatable, Codable {
        package var key: String
        package var value: String
        package init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    package var entries: [Entry]
    private var index: [String: Int]

    package init(entries: [Entry]) {
        self.entries = []
        self.index = [:]
        for entry in entries where index[entry.key] == nil {
            index[entry.key] = self.entries.count
            self.entries.append(entry)
        }
    }

    // Only the entries are stored; the index is rebuilt from them.
    private enum CodingKeys: String, CodingKey { case entries }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(entries: try container.decode([Entry].self, forKey: .entries))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entries, forKey: .entries)
    }

    /// Parses the text of an `mntr` answer: one `key<TAB>value` per line, keys of letters, digits
    /// and `_`. Anything else is a garbled answer and throws; so does a server state no server writes.
    package init(parsing text: String) throws(FourLetterWordParseError) {
        // A 3.8 server prints some 400 lines; reading bytes rather than characters keeps that cheap.
        var entries: [Entry] = []
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") { end += 1 }
            if end > start {
                guard let tab = bytes[start..<end].firstIndex(of: UInt8(ascii: "\t")), tab > start,
                      bytes[start..<tab].allSatisfy({ $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
                else { throw .invalidLine(String(decoding: bytes[start..<end], as: UTF8.self)) }
                var valueStart = tab + 1, valueEnd = end
                while valueStart < valueEnd, bytes[valueStart] == UInt8(ascii: " ") || bytes[valueStart] == UInt8(ascii: "\t") { valueStart += 1 }
                while valueEnd > valueStart, bytes[valueEnd - 1] == UInt8(ascii: " ") || bytes[valueEnd - 1] == UInt8(ascii: "\t") { valueEnd -= 1 }
                entries.append(Entry(key: String(decoding: bytes[start..<tab], as: UTF8.self),
                                     value: String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)))
            }
            start = end + 1
        }
        self.init(entries: entries)
        if let state = self["zk_server_state"], ZooKeeperMode(known: state) == nil {
            throw .invalidValue(field: "zk_server_state", value: state)
        }
    }

    /// The value printed for `key`, such as `zk_znode_count`.
    package subscript(key: String) -> String? {
        index[key].map { entries[$0].value }
    }

    package func integer(_ key: String) -> Int? { self[key].flatMap { Int($0) } }
    package func number(_ key: String) -> Double? { self[key].flatMap { Double($0) } }

    package var version: String? { self["zk_version"] }
    package var serverState: ZooKeeperMode? { self["zk_server_state"].map(ZooKeeperMode.init) }
    /// Milliseconds.
    package var averageLatency: Double? { number("zk_avg_latency") }
    package var minimumLatency: Double? { number("zk_min_latency") }
    package var maximumLatency: Double? { number("zk_max_latency") }
    package var outstandingRequests: Int? { integer("zk_outstanding_requests") }
    package var znodeCount: Int? { integer("zk_znode_count") }
    package var ephemeralsCount: Int? { integer("zk_ephemerals_count") }
    package var aliveConnections: Int? { integer("zk_num_alive_connections") }
    package var watchCount: Int? { integer("zk_watch_count") }
    package var openFileDescriptors: Int? { integer("zk_open_file_descriptor_count") }
    package var maximumFileDescriptors: Int? { integer("zk_max_file_descriptor_count") }
    /// Only a leader reports its followers.
    package var followers: Int? { integer("zk_followers") }
    package var syncedFollowers: Int? { integer("zk_synced_followers") }
    package var pendingSyncs: Int? { integer("zk_pending_syncs") }
}
