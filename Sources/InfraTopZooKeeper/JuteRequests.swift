import NIOCore

/// The operation codes (`ZooDefs.OpCode`) of the requests this read-only client sends.
enum JuteOperation: Int32, Sendable {
    case getData = 4
    case getChildren = 8
    case ping = 11
    case getChildren2 = 12
    case closeSession = -11
}

/// The first message of a session (`ConnectRequest` in zookeeper.jute, plus the trailing
/// read-only flag that clients since 3.4 append).
package struct JuteConnectRequest: Sendable, Equatable {
    package var protocolVersion: Int32
    package var lastZxidSeen: Int64
    /// The session timeout we ask for, in milliseconds; the server clamps it to 2–20 ticks.
    package var timeoutMilliseconds: Int32
    /// 0 asks for a new session.
    package var sessionID: Int64
    package var password: [UInt8]
    /// Whether a server cut off from its quorum may still serve us; true suits a read-only client.
    var allowsReadOnly: Bool

    package init(
        protocolVersion: Int32 = 0,
        lastZxidSeen: Int64 = 0,
        timeoutMilliseconds: Int32,
        sessionID: Int64 = 0,
        // A new session's password is ignored by the server; ZooKeeper's own client sends 16 zero bytes.
        password: [UInt8] = Array(repeating: 0, count: 16),
        allowsReadOnly: Bool = true
    ) {
        self.protocolVersion = protocolVersion
        self.lastZxidSeen = lastZxidSeen
        self.timeoutMilliseconds = timeoutMilliseconds
        self.sessionID = sessionID
        self.password = password
        self.allowsReadOnly = allowsReadOnly
    }

    /// The request as it goes on the wire, length prefix included.
    package func frame() -> ByteBuffer {
        var payload = ByteBuffer()
        payload.writeJuteInt(protocolVersion)
        payload.writeJuteLong(lastZxidSeen)
        payload.writeJuteInt(timeoutMilliseconds)
        payload.writeJuteLong(sessionID)
        payload.writeJuteBuffer(password)
        payload.writeJuteBool(allowsReadOnly)
        return .juteFrame(payload)
    }
}

/// A request inside a session: a `RequestHeader` (xid, type) followed by the operation's record.
package enum JuteRequest: Sendable, Equatable {
    case getData(path: String)
    case getChildren(path: String)
    /// getChildren that also returns the parent's Stat.
    case getChildren2(path: String)
    case ping
    case closeSession

    /// The xid ZooKeeper reserves for pings; the server answers with the same xid.
    static let pingXid: Int32 = -2

    var operation: JuteOperation {
        switch self {
        case .getData: .getData
        case .getChildren: .getChildren
        case .getChildren2: .getChildren2
        case .ping: .ping
        case .closeSession: .closeSession
        }
    }

    /// The request as it goes on the wire, length prefix included. Pings always carry xid -2.
    package func frame(xid: Int32) -> ByteBuffer {
        var payload = ByteBuffer()
        payload.writeJuteInt(self == .ping ? Self.pingXid : xid)
        payload.writeJuteInt(operation.rawValue)
        switch self {
        case .getData(let path), .getChildren(let path), .getChildren2(let path):
            payload.writeJuteString(path)
            // We never set watches: each poll reads afresh, so there are no notifications to handle.
            payload.writeJuteBool(false)
        case .ping, .closeSession:
            break
        }
        return .juteFrame(payload)
    }
}
