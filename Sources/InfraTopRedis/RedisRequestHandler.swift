import InfraTopBasics
import NIOCore

/// A command on its way to the server, with the promise its reply will complete.
typealias RedisRequest = PipelinedRequest<RedisCommand, RESPValue>

extension PipelinedRequest where Request == RedisCommand, Answer == RESPValue {
    init(command: RedisCommand, promise: EventLoopPromise<RESPValue>) {
        self.init(command, promise: promise)
    }
}

/// What can go wrong under a request, before it is put into words for a person.
enum RedisTransportError: Error, Sendable {
    /// The connection closed (or was never open) before the reply came.
    case closed
    /// No reply within the request timeout; the connection was closed because
    /// a late reply would be matched to the wrong request.
    case timedOut
    /// The server sent bytes that are not RESP.
    case protocolViolation(RESPError)
}

/// RESP's pipelining: replies come in the order the commands were sent and name nothing.
///
/// Push messages (RESP3 `>`) are not replies and are dropped: infratop neither subscribes nor
/// enables client tracking, so any that arrive are noise.
struct RedisPipelining: PipelinedProtocol {
    private var sequence = 0

    mutating func encode(_ command: RedisCommand) -> (key: Int, wire: RedisCommand) {
        sequence &+= 1
        return (sequence, command)
    }

    func key(of reply: RESPValue) -> Int? { nil }

    func answer(_ reply: RESPValue) -> RESPValue? {
        let value = reply.withoutAttributes
        if case .push = value { return nil }
        return value
    }

    /// A reply nobody asked for means we are out of step with the server.
    func unmatched(_ reply: RESPValue) -> any Error { RedisTransportError.closed }

    var closed: any Error { RedisTransportError.closed }

    func failure(for error: any Error) -> any Error {
        (error as? RESPError).map(RedisTransportError.protocolViolation) ?? error
    }
}

/// Matches replies to requests in the order they were sent, as Redis answers them.
typealias RedisRequestHandler = PipelinedRequestHandler<RedisPipelining>

extension PipelinedRequestHandler where Protocol == RedisPipelining {
    convenience init() { self.init(RedisPipelining()) }
}
