import DequeModule
import NIOCore

/// A request on its way to the server: what to send, and the promise its answer completes.
package struct PipelinedRequest<Request: Sendable, Answer: Sendable>: Sendable {
    package var request: Request
    package var promise: EventLoopPromise<Answer>

    package init(_ request: Request, promise: EventLoopPromise<Answer>) {
        self.request = request
        self.promise = promise
    }
}

/// What one request/response protocol tells ``PipelinedRequestHandler``: how a request goes on
/// the wire and which outstanding request an answer belongs to.
package protocol PipelinedProtocol {
    associatedtype Request: Sendable
    associatedtype Response
    associatedtype Answer: Sendable
    associatedtype Wire
    /// What ties an answer to its request: Kafka's correlation id; for Redis, which answers in
    /// order and names nothing, a sequence number never looked up.
    associatedtype Key: Equatable

    /// Encodes the next request, choosing its key.
    mutating func encode(_ request: Request) throws -> (key: Key, wire: Wire)
    /// The answer's key, or nil when the protocol answers in order (the oldest request's).
    func key(of response: Response) -> Key?
    /// The answer to hand over; nil for a message that answers nothing (a RESP3 push), which is
    /// dropped before any matching.
    func answer(_ response: Response) -> Answer?
    /// Why every outstanding request failed when an answer matched none of them.
    func unmatched(_ response: Response) -> any Error
    /// The error outstanding requests fail with when the connection closes.
    var closed: any Error { get }
    /// An error from the pipeline (a decoder's, say) as the requests should see it.
    func failure(for error: any Error) -> any Error
}

extension PipelinedProtocol {
    package func failure(for error: any Error) -> any Error { error }
}

/// Sends requests and matches answers to them, several in flight on one connection, for every
/// protocol that pipelines (Kafka, RESP).
///
/// An answer that matches nothing outstanding means the stream is out of step (or not the
/// protocol): every pending request fails and the connection closes, because no later answer
/// on it can be trusted. A write that fails fails its request and closes the connection.
package final class PipelinedRequestHandler<Protocol: PipelinedProtocol>: ChannelDuplexHandler {
    package typealias InboundIn = Protocol.Response
    package typealias OutboundIn = PipelinedRequest<Protocol.Request, Protocol.Answer>
    package typealias OutboundOut = Protocol.Wire

    private var codec: Protocol
    private var pending: Deque<(key: Protocol.Key, promise: EventLoopPromise<Protocol.Answer>)> = []

    package init(_ codec: Protocol) {
        self.codec = codec
    }

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let response = Self.unwrapInboundIn(data)
        guard let answer = codec.answer(response) else { return }
        let index: Int?
        if let key = codec.key(of: response) {
            index = pending.firstIndex { $0.key == key }
        } else {
            index = pending.isEmpty ? nil : pending.startIndex
        }
        guard let index else {
            failAll(codec.unmatched(response))
            context.close(promise: nil)
            return
        }
        pending.remove(at: index).promise.succeed(answer)
    }

    package func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = Self.unwrapOutboundIn(data)
        guard context.channel.isActive else {
            request.promise.fail(codec.closed)
            promise?.fail(codec.closed)
            return
        }
        let encoded: (key: Protocol.Key, wire: Protocol.Wire)
        do {
            encoded = try codec.encode(request.request)
        } catch {
            request.promise.fail(error)
            promise?.fail(error)
            return
        }
        pending.append((encoded.key, request.promise))
        let written = context.eventLoop.makePromise(of: Void.self)
        let channel = context.channel
        written.futureResult.whenComplete { result in
            if case .failure(let error) = result {
                request.promise.fail(error)
                channel.close(promise: nil)
            }
            promise?.completeWith(result)
        }
        context.write(Self.wrapOutboundOut(encoded.wire), promise: written)
    }

    package func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(codec.failure(for: error))
        context.close(promise: nil)
    }

    package func channelInactive(context: ChannelHandlerContext) {
        failAll(codec.closed)
        context.fireChannelInactive()
    }

    private func failAll(_ error: any Error) {
        while let request = pending.popFirst() {
            request.promise.fail(error)
        }
    }
}
