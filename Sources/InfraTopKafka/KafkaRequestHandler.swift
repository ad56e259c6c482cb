import InfraTopBasics
import NIOCore

/// A request on its way to the broker: how to encode it once its correlation id is known.
struct KafkaOutboundRequest: Sendable {
    /// Encodes the complete frame (size prefix included) for the given correlation id.
    var encode: @Sendable (Int32) throws -> ByteBuffer
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

/// Kafka's request/response pipelining: requests are numbered, and each answer carries its
/// request's correlation id.
struct KafkaPipelining: PipelinedProtocol {
    private var nextCorrelationID: Int32

    init(firstCorrelationID: Int32 = 1) {
        nextCorrelationID = firstCorrelationID
    }

    mutating func encode(_ request: KafkaOutboundRequest) throws -> (key: Int32, wire: ByteBuffer) {
        let id = nextCorrelationID
        // Wraps rather than traps after 2^31 requests; ids only need to be unique among those in flight.
        nextCorrelationID = nextCorrelationID == Int32.max ? 1 : nextCorrelationID + 1
        return (id, try request.encode(id))
    }

    /// A frame too short to carry an id matches nothing (-1 is never assigned).
    func key(of frame: ByteBuffer) -> Int32? { KafkaEnvelope.correlationID(ofResponse: frame) ?? -1 }

    func answer(_ frame: ByteBuffer) -> KafkaInboundFrame? {
        KafkaInboundFrame(correlationID: KafkaEnvelope.correlationID(ofResponse: frame) ?? -1, frame: frame)
    }

    func unmatched(_ frame: ByteBuffer) -> any Error {
        KafkaTransportError.unknownCorrelationID(KafkaEnvelope.correlationID(ofResponse: frame) ?? -1)
    }

    var closed: any Error { KafkaTransportError.closed }
}

/// Numbers requests and matches answers to them by correlation id, so several may be in flight
/// on one connection.
typealias KafkaRequestHandler = PipelinedRequestHandler<KafkaPipelining>
