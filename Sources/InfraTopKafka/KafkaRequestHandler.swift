import NIOCore

/// A request on its way to the broker: how to encode it once its correlation id
/// is known, and the promise its answer completes.
struct KafkaOutboundRequest: Sendable {
    /// Encodes the complete frame (size prefix included) for the given correlation id.
    var encode: @Sendable (Int32) throws -> ByteBuffer
    var promise: EventLoopPromise<KafkaInboundFrame>
}

/// An answer frame (without its size prefix) and the correlation id it was sent with.
struct KafkaInboundFrame: Sendable {
    var correlationID: Int32
    var frame: ByteBuffer
}

/// What can go wrong under a request before it is put into words.
enum KafkaTransportError: Error, Sendable, Equatable {
    /// The connection closed before the answer came.
    case closed
    /// The broker sent an answer to no request we have outstanding.
    case unknownCorrelationID(Int32)
}

/// Numbers requests and matches answers to them by correlation id, so several
/// may be in flight on one connection.
///
/// An answer whose id matches nothing outstanding means the stream is out of
/// step (or not Kafka): every pending request fails and the connection closes,
/// because no later answer on it can be trusted.
final class KafkaRequestHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = KafkaOutboundRequest
    typealias OutboundOut = ByteBuffer

    private var nextCorrelationID: Int32
    private var pending: [Int32: EventLoopPromise<KafkaInboundFrame>] = [:]

    init(firstCorrelationID: Int32 = 1) {
        nextCorrelationID = firstCorrelationID
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        guard let id = KafkaEnvelope.correlationID(ofResponse: frame), let promise = pending.removeValue(forKey: id) else {
            let id = KafkaEnvelope.correlationID(ofResponse: frame) ?? -1
            failAll(KafkaTransportError.unknownCorrelationID(id))
            context.close(promise: nil)
            return
        }
        promise.succeed(KafkaInboundFrame(correlationID: id, frame: frame))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = Self.unwrapOutboundIn(data)
        guard context.channel.isActive else {
            request.promise.fail(KafkaTransportError.closed)
            promise?.fail(KafkaTransportError.closed)
            return
        }
        let id = nextCorrelationID
        // Wraps rather than traps after 2^31 requests; ids only need to be unique among those in flight.
        nextCorrelationID = nextCorrelationID == Int32.max ? 1 : nextCorrelationID + 1
        let frame: ByteBuffer
        do {
            frame = try request.encode(id)
        } catch {
            request.promise.fail(error)
            promise?.fail(error)
            return
        }
        pending[id] = request.promise
        let written = context.eventLoop.makePromise(of: Void.self)
        let channel = context.channel
        written.futureResult.whenComplete { result in
            if case .failure(let error) = result {
                request.promise.fail(error)
                channel.close(promise: nil)
            }
            promise?.completeWith(result)
        }
        context.write(Self.wrapOutboundOut(frame), promise: written)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        failAll(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(KafkaTransportError.closed)
        context.fireChannelInactive()
    }

    private func failAll(_ error: Error) {
        let promises = pending.values
        pending.removeAll()
        for promise in promises { promise.fail(error) }
    }
}
