import Foundation

/// One entry of `SLOWLOG GET`: a command that took longer than `slowlog-log-slower-than`.
///
/// Arguments are kept as Redis logged them (it already truncates long ones);
/// they may contain application data, so the UI decides how much to show.
package struct RedisSlowlogEntry: Sendable, Hashable, Codable {
    package var id: Int64
    package var startedAt: Date
    /// How long the command ran, in microseconds.
    package var durationMicroseconds: Int64
    package var arguments: [String]
    /// `ip:port` of the client, sent by Redis 4 and later.
    package var clientAddress: String?
    /// The name the client set with `CLIENT SETNAME`, if any.
    package var clientName: String?

    package init(id: Int64, startedAt: Date, durationMicroseconds: Int64, arguments: [String], clientAddress: String? = nil, clientName: String? = nil) {
        self.id = id
        self.startedAt = startedAt
        self.durationMicroseconds = durationMicroseconds
        self.arguments = arguments
        self.clientAddress = clientAddress
        self.clientName = clientName
    }

    /// Reads one entry: `[id, unix time, duration µs, [args...], client address, client name]`.
    package init?(reply: RESPValue) {
        guard let parts = reply.elements, parts.count >= 4,
              let id = parts[0].integer,
              let time = parts[1].integer,
              let duration = parts[2].integer,
              let arguments = parts[3].elements
        else { return nil }
        self.init(
            id: id,
            startedAt: Date(timeIntervalSince1970: TimeInterval(time)),
            durationMicroseconds: duration,
            arguments: arguments.map { $0.text ?? "" },
            clientAddress: parts.count > 4 ? parts[4].text : nil,
            clientName: parts.count > 5 ? parts[5].text.flatMap { $0.isEmpty ? nil : $0 } : nil
        )
    }

    /// Reads a whole `SLOWLOG GET` reply, newest first as Redis sends it; nil when it is not a list of entries.
    package static func entries(from reply: RESPValue) -> [RedisSlowlogEntry]? {
        guard let elements = reply.elements else { return nil }
        var entries: [RedisSlowlogEntry] = []
        for element in elements {
            guard let entry = RedisSlowlogEntry(reply: element) else { return nil }
            entries.append(entry)
        }
        return entries
    }
}
