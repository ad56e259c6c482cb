import Foundation
import NIOCore

/// The server's answer to a `JuteConnectRequest`.
package struct JuteConnectResponse: Sendable, Equatable {
    package var protocolVersion: Int32
    /// The session timeout the server granted, in milliseconds.
    package var timeoutMilliseconds: Int32
    /// 0 when the server refused the session (for example because it expired).
    package var sessionID: Int64
    package var password: [UInt8]
    /// True when the server is cut off from its quorum and serves only reads.
    package var isReadOnly: Bool

    package init(protocolVersion: Int32, timeoutMilliseconds: Int32, sessionID: Int64, password: [UInt8], isReadOnly: Bool) {
        self.protocolVersion = protocolVersion
        self.timeoutMilliseconds = timeoutMilliseconds
        self.sessionID = sessionID
        self.password = password
        self.isReadOnly = isReadOnly
    }

    /// Decodes the payload of the first frame a server sends.
    package init(frame: ByteBuffer) throws(JuteDecodingError) {
        var frame = frame
        protocolVersion = try frame.readJuteInt("protocol version")
        timeoutMilliseconds = try frame.readJuteInt("session timeout")
        sessionID = try frame.readJuteLong("session id")
        password = try frame.readJuteBuffer("session password") ?? []
        // Servers before 3.4 do not send the flag.
        isReadOnly = frame.readableBytes > 0 ? try frame.readJuteBool("read-only flag") : false
        try frame.expectJuteEnd()
    }
}

/// The header of every reply inside a session (`ReplyHeader` in zookeeper.jute).
package struct JuteReplyHeader: Sendable, Equatable {
    package var xid: Int32
    /// The last transaction the server had applied when it answered.
    package var zxid: Int64
    package var error: ZooKeeperErrorCode

    package init(xid: Int32, zxid: Int64, error: ZooKeeperErrorCode) {
        self.xid = xid
        self.zxid = zxid
        self.error = error
    }

    /// Reads the header off the front of a reply frame, leaving the body.
    package init(from frame: inout ByteBuffer) throws(JuteDecodingError) {
        xid = try frame.readJuteInt("reply xid")
        zxid = try frame.readJuteLong("reply zxid")
        error = ZooKeeperErrorCode(rawValue: try frame.readJuteInt("reply error code"))
    }
}

/// A znode's metadata (`Stat` in zookeeper.jute).
package struct ZNodeStat: Sendable, Equatable {
    package var createdZxid: Int64
    package var modifiedZxid: Int64
    /// Creation time, milliseconds since 1970 on the server's clock.
    package var createdMilliseconds: Int64
    package var modifiedMilliseconds: Int64
    package var version: Int32
    package var childVersion: Int32
    package var aclVersion: Int32
    /// The session that owns an ephemeral znode; 0 for a persistent one.
    package var ephemeralOwner: Int64
    package var dataLength: Int32
    package var childCount: Int32
    package var childrenModifiedZxid: Int64

    package init(
        createdZxid: Int64, modifiedZxid: Int64, createdMilliseconds: Int64, modifiedMilliseconds: Int64,
        version: Int32, childVersion: Int32, aclVersion: Int32, ephemeralOwner: Int64,
        dataLength: Int32, childCount: Int32, childrenModifiedZxid: Int64
    ) {
        self.createdZxid = createdZxid
        self.modifiedZxid = modifiedZxid
        self.createdMilliseconds = createdMilliseconds
        self.modifiedMilliseconds = modifiedMilliseconds
        self.version = version
        self.childVersion = childVersion
        self.aclVersion = aclVersion
        self.ephemeralOwner = ephemeralOwner
        self.dataLength = dataLength
        self.childCount = childCount
        self.childrenModifiedZxid = childrenModifiedZxid
    }

    init(from buffer: inout ByteBuffer) throws(JuteDecodingError) {
        createdZxid = try buffer.readJuteLong("stat czxid")
        modifiedZxid = try buffer.readJuteLong("stat mzxid")
        createdMilliseconds = try buffer.readJuteLong("stat ctime")
        modifiedMilliseconds = try buffer.readJuteLong("stat mtime")
        version = try buffer.readJuteInt("stat version")
        childVersion = try buffer.readJuteInt("stat cversion")
        aclVersion = try buffer.readJuteInt("stat aversion")
        ephemeralOwner = try buffer.readJuteLong("stat ephemeralOwner")
        dataLength = try buffer.readJuteInt("stat dataLength")
        childCount = try buffer.readJuteInt("stat numChildren")
        childrenModifiedZxid = try buffer.readJuteLong("stat pzxid")
    }

    package var createdAt: Date { Date(timeIntervalSince1970: Double(createdMilliseconds) / 1000) }
    var modifiedAt: Date { Date(timeIntervalSince1970: Double(modifiedMilliseconds) / 1000) }
    /// Ephemeral znodes vanish with their owner's session: Kafka's broker registrations are ephemeral.
    package var isEphemeral: Bool { ephemeralOwner != 0 }
}

/// A znode's data and metadata (`GetDataResponse`).
package struct ZNodeData: Sendable, Equatable {
    /// Nil when the znode holds null rather than zero bytes.
    package var data: [UInt8]?
    package var stat: ZNodeStat

    package init(data: [UInt8]?, stat: ZNodeStat) {
        self.data = data
        self.stat = stat
    }

    /// Decodes the body of a successful getData reply.
    package init(body: ByteBuffer) throws(JuteDecodingError) {
        var body = body
        data = try body.readJuteBuffer("znode data")
        stat = try ZNodeStat(from: &body)
        try body.expectJuteEnd()
    }
}

/// The names of a znode's children (`GetChildrenResponse`, or `GetChildren2Response` with the parent's Stat).
package struct ZNodeChildren: Sendable, Equatable {
    package var names: [String]
    /// Present for getChildren2 replies.
    package var stat: ZNodeStat?

    package init(names: [String], stat: ZNodeStat?) {
        self.names = names
        self.stat = stat
    }

    /// Decodes the body of a successful getChildren (`withStat` false) or getChildren2 reply.
    package init(body: ByteBuffer, withStat: Bool) throws(JuteDecodingError) {
        var body = body
        names = try body.readJuteStringVector("children") ?? []
        stat = withStat ? try ZNodeStat(from: &body) : nil
        try body.expectJuteEnd()
    }
}
