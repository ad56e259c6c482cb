import InfraTopBasics
import NIOCore

/// A command on its way to the server: the body of an OP_MSG, its name first and `$db` last.
package struct MongoCommand: Sendable, Hashable {
    /// The command's name, for sentences (`serverStatus`).
    package var name: String
    package var body: BSONDocument

    /// `{name: 1, ...arguments, $db: database}`.
    package init(_ name: String, database: String = "admin", arguments: BSONDocument = [:]) {
        self.name = name
        var body: BSONDocument = [name: .int32(1)]
        body.elements += arguments.elements
        body.append("$db", .string(database))
        self.body = body
    }

    // The read-only commands the monitor sends.
    static func hello(database: String = "admin", arguments: BSONDocument = [:]) -> MongoCommand { MongoCommand("hello", database: database, arguments: arguments) }
    static func isMaster(arguments: BSONDocument = [:]) -> MongoCommand { MongoCommand("isMaster", arguments: arguments) }
    static let buildInfo = MongoCommand("buildInfo")
    static let serverStatus = MongoCommand("serverStatus")
    static let replSetGetStatus = MongoCommand("replSetGetStatus")
}

/// A command the server answered with `ok: 0`.
package struct MongoServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The command that failed.
    package var command: String
    package var code: Int?
    package var codeName: String?
    package var message: String

    package init(command: String, code: Int?, codeName: String?, message: String) {
        self.command = command
        self.code = code
        self.codeName = codeName
        self.message = message
    }

    /// The error in `reply`, or nil when the reply says `ok: 1`.
    init?(command: String, reply: BSONDocument) {
        guard reply["ok"]?.truth != true else { return nil }
        self.init(command: command, code: reply["code"]?.integer, codeName: reply["codeName"]?.string,
                  message: reply["errmsg"]?.string ?? "no error message")
    }

    // The codes the monitor acts on (mongod's src/mongo/base/error_codes.yml).
    package static let unauthorized = 13
    package static let authenticationFailed = 18
    package static let commandNotFound = 59
    package static let noReplicationEnabled = 76
    package static let notYetInitialized = 94

    package var description: String {
        let name = codeName.map { " \($0)" } ?? ""
        let number = code.map { " (\($0)\(name))" } ?? name
        return "\(command) failed\(number): \(message)"
    }
}

/// What can go wrong under a request, before it is put into words for a person.
enum MongoTransportError: Error, Sendable {
    /// The connection closed (or was never open) before the reply came.
    case closed
    /// No reply within the request timeout; the connection was closed, since a late reply
    /// would otherwise be taken for the next one.
    case timedOut
    /// The server sent bytes that are not OP_MSG as infratop reads it.
    case protocolViolation(MongoWireError)
    /// A reply answered no request that is outstanding.
    case unexpectedReply(responseTo: Int32)
    /// A command that cannot be put into BSON (a key holding NUL).
    case unencodable(BSONError)
}

/// OP_MSG's matching: each request gets a new requestID and its reply names it in responseTo.
struct MongoPipelining: PipelinedProtocol {
    private var lastRequestID: Int32 = 0

    mutating func encode(_ command: MongoCommand) throws -> (key: Int32, wire: ByteBuffer) {
        lastRequestID = lastRequestID == .max ? 1 : lastRequestID + 1
        var buffer = ByteBuffer()
        do {
            try MongoMessage(requestID: lastRequestID, message: OpMsg(body: command.body)).write(into: &buffer)
        } catch {
            throw MongoTransportError.unencodable(error)
        }
        return (lastRequestID, buffer)
    }

    func key(of reply: MongoMessage) -> Int32? { reply.responseTo }

    func answer(_ reply: MongoMessage) -> BSONDocument? { reply.message.body }

    func unmatched(_ reply: MongoMessage) -> any Error { MongoTransportError.unexpectedReply(responseTo: reply.responseTo) }

    var closed: any Error { MongoTransportError.closed }

    func failure(for error: any Error) -> any Error {
        if let error = error as? MongoWireError { return MongoTransportError.protocolViolation(error) }
        if let error = error as? BSONError { return MongoTransportError.protocolViolation(.bson(error)) }
        return error
    }
}

typealias MongoRequest = PipelinedRequest<MongoCommand, BSONDocument>
typealias MongoRequestHandler = PipelinedRequestHandler<MongoPipelining>

extension PipelinedRequestHandler where Protocol == MongoPipelining {
    convenience init() { self.init(MongoPipelining()) }
}
