import DequeModule
import NIOCore

/// A command on its way to the server, with the promise its reply will complete.
struct RedisRequest: Sendable {
    var command: RedisCommand
    var promise: EventLoopPromise<RESPValue>
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

/// Matches replies to requests in the order they were sent, as Redis answers them.
///
/// Push messages (RESP3 `>`) are not replies and are dropped: infratop neither
/// subscribes nor enables client tracking, so any that arrive are noise.
final class RedisRequestHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = RedisCommand

    private var pending: Deque<EventLoopPromise<RESPValue>> = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = Self.unwrapInboundIn(data).withoutAttributes
        if case .push = value { return }
        guard let promise = pending.popFirst() else {
            // A reply nobody asked for means we are out of step with the server.
            context.close(promise: nil)
            return
        }
        promise.succeed(value)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = Self.unwrapOutboundIn(data)
        guard context.channel.isActive else {
            request.promise.fail(RedisTransportError.closed)
            promise?.fail(RedisTransportError.closed)
            return
        }
        pending.append(request.promise)
        let written = context.eventLoop.makePromise(of: Void.self)
        let channel = context.channel
        written.futureResult.whenComplete { result in
            if case .failure(let error) = result {
                request.promise.fail(error)
                channel.close(promise: nil)
            }
            promise?.completeWith(result)
        }
        context.write(Self.wrapOutboundOut(request.command), promise: written)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        let reason: Error
        if let decodingError = error as? RESPError {
            reason = RedisTransportError.protocolViolation(decodingError)
        } else {
            reason = error
        }
        failAll(reason)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RedisTransportError.closed)
        context.fireChannelInactive()
    }

    private func failAll(_ error: Error) {
        while let promise = pending.popFirst() {
            promise.fail(error)
        }
    }
}
