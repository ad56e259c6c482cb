import Foundation

/// What a ZooKeeper server says about itself in answer to `srvr`.
package struct ZooKeeperServerStats: Sendable, Equatable, Codable {
    /// The version line as printed, such as `3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC`.
    package var version: String
    /// Request latency in milliseconds since the counters were last reset.
    package var minimumLatency: Double
    package var averageLatency: Double
    package var maximumLatency: Double
    package var packetsReceived: Int
    package var packetsSent: Int
    package var connections: Int
    package var outstandingRequests: Int
    /// The last transaction the server applied; the high 32 bits are the leader's epoch.
    package var zxid: UInt64
    package var mode: ZooKeeperMode
    package var nodeCount: Int

    package init(
        version: String, minimumLatency: Double, averageLatency: Double, maximumLatency: Double,
        packetsReceived: Int, packetsSent: Int, connections: Int, outstandingRequests: Int,
        zxid: UInt64, mode: ZooKeeperMode, nodeCount: Int
    ) {
        self.version = version
        self.minimumLatency = minimumLatency
        self.averageLatency = averageLatency
        self.maximumLatency = maximumLatency
        self.packetsReceived = packetsReceived
        self.packetsSent = packetsSent
        self.connections = connections
        self.outstandingRequests = outstandingRequests
        self.zxid = zxid
        self.mode = mode
        self.nodeCount = nodeCount
    }

    /// The epoch of the leader that wrote the last transaction; it grows with each election.
    package var epoch: UInt32 { UInt32(truncatingIfNeeded: zxid >> 32) }

    /// Parses the text of a `srvr` answer.
    ///
    /// Lines we do not know (a leader adds "Proposal sizes") are skipped; a missing line we need is an error.
    package init(parsing text: String) throws(FourLetterWordParseError) {
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            // The first occurrence wins: a value never legitimately repeats.
            if fields[key] == nil { fields[key] = value }
        }

        func field(_ key: String) throws(FourLetterWordParseError) -> String {
            guard let value = fields[key] else { throw .missingField(key) }
            return value
        }
        func integer(_ key: String) throws(FourLetterWordParseError) -> Int {
            let text = try field(key)
            guard let value = Int(text) else { throw .invalidValue(field: key, value: text) }
            return value
        }

        version = try field("Zookeeper version")
        let latencyText = try field("Latency min/avg/max")
        let latencies = latencyText.split(separator: "/").compactMap { Double($0) }
        guard latencies.count == 3 else { throw .invalidValue(field: "Latency min/avg/max", value: latencyText) }
        minimumLatency = latencies[0]
        averageLatency = latencies[1]
        maximumLatency = latencies[2]
        packetsReceived = try integer("Received")
        packetsSent = try integer("Sent")
        connections = try integer("Connections")
        outstandingRequests = try integer("Outstanding")
        let zxidText = try field("Zxid")
        guard zxidText.hasPrefix("0x"), let zxid = UInt64(zxidText.dropFirst(2), radix: 16) else {
            throw .invalidValue(field: "Zxid", value: zxidText)
        }
        self.zxid = zxid
        // A mode no server writes (`standqlone`) is a garbled answer, not a new role.
        let modeText = try field("Mode")
        guard let mode = ZooKeeperMode(known: modeText) else { throw .invalidValue(field: "Mode", value: modeText) }
        self.mode = mode
        nodeCount = try integer("Node count")
    }
}

/// The role a server plays in its ensemble, from `srvr`'s Mode line or `mntr`'s zk_server_state.
package enum ZooKeeperMode: Sendable, Equatable, Codable, CustomStringConvertible {
    case standalone
    case leader
    case follower
    case observer
    /// Cut off from its quorum and serving reads only.
    case readOnly
    case other(String)

    /// The mode a server writes, or nil for text no server writes.
    package init?(known text: String) {
        switch Self(text) {
        case .other: return nil
        case let mode: self = mode
        }
    }

    package init(_ text: String) {
        switch text {
        case "standalone": self = .standalone
        case "leader": self = .leader
        case "follower": self = .follower
        case "observer": self = .observer
        case "read-only": self = .readOnly
        default: self = .other(text)
        }
    }

    package var description: String {
        switch self {
        case .standalone: "standalone"
        case .leader: "leader"
        case .follower: "follower"
        case .observer: "observer"
        case .readOnly: "read-only"
        case .other(let text): text
        }
    }

    /// Encoded as ZooKeeper prints it, so snapshots read like `srvr`.
    package init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A four-letter word's answer that does not have the expected shape.
package enum FourLetterWordParseError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingField(String)
    case invalidValue(field: String, value: String)
    /// A line that is not the answer's grammar (`mntr`'s `key<TAB>value`).
    case invalidLine(String)

    package var description: String {
        switch self {
        case .missingField(let field): "no \"\(field)\" line"
        case .invalidValue(let field, let value): "\"\(field)\" is \"\(value.prefix(64))\""
        case .invalidLine(let line): "a line is not key<TAB>value: \"\(line.prefix(64))\""
        }
    }
}
